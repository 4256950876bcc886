/** Privacy and untrusted-input checks: engine lock-down, SQL expression checks, project-file validation. */
export { LOCKDOWN_SQL, UPLOAD_DIR, lockDownEngine, uploadPath } from './engineLockdown';
export { lexSql, identName, lineColumn, sameTokenStarts, SqlLexError, type SqlToken, type SqlTokens, type TokenKind } from './sqlTokens';
export { ALLOWED_FUNCTIONS, ALLOWED_KEYWORDS, ALLOWED_OPS, ALLOWED_TYPES, QUERY_KEYWORDS } from './expressionPolicy';
export { checkExpression, type CheckExpressionOptions, type ExpressionProblem } from './checkExpression';
export { explainText, foreignOperators, planProblem, type PlanRunner } from './checkPlan';
