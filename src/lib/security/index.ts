/** Privacy and untrusted-input checks: engine lock-down, SQL expression checks, project-file validation. */
export { LOCKDOWN_SQL, UPLOAD_DIR, lockDownEngine, uploadPath } from './engineLockdown';
export { lexSql, identName, lineColumn, sameTokenStarts, SqlLexError, type SqlToken, type SqlTokens, type TokenKind } from './sqlTokens';
export { ALLOWED_FUNCTIONS, ALLOWED_KEYWORDS, ALLOWED_OPS, ALLOWED_TYPES, QUERY_KEYWORDS } from './expressionPolicy';
export { checkExpression, type CheckExpressionOptions, type ExpressionProblem } from './checkExpression';
export { explainText, foreignOperators, planProblem, type PlanRunner } from './checkPlan';
export { MAX_PROJECT_BYTES, parseProjectJson, projectSqlProblems, schemaProblems, type FieldSchema, type ProjectProblem } from './projectFile';
export { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './csp';
export { sameSite, summarizeAudit, type AuditRow, type AuditSummary, type ContextAudit, type NetworkAttempt, type ResourceRecord } from './requestAudit';
export { BLOCKED_STATEMENTS, blockedStatement } from './statementGuard';
