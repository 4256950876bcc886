/** Quasi-Poisson regression (log link) by iteratively reweighted least squares, with standard errors. */
import { choleskySolve } from '../models/linear';

/** Options of {@link poissonRegression}. */
export interface PoissonOptions {
  maxIter?: number;
  /** Ridge penalty on every coefficient but the intercept (column 0), default 1e-6. */
  ridge?: number;
  /** Convergence tolerance on the largest coefficient change (default 1e-7). */
  tol?: number;
}

/** A fitted regression: coefficients, quasi-Poisson standard errors (dispersion-scaled) and the dispersion. */
export interface PoissonFit {
  coef: number[];
  se: number[];
  dispersion: number;
  iterations: number;
  converged: boolean;
}

/**
 * Fits log E[y] = X β. `columns` are the design columns (column 0 should be the intercept of ones);
 * `y` ≥ 0 may be any scale (quasi-likelihood: coefficients do not depend on it, the dispersion does).
 */
export function poissonRegression(columns: ArrayLike<number>[], y: ArrayLike<number>, options: PoissonOptions = {}): PoissonFit {
  const p = columns.length;
  const n = y.length;
  const maxIter = options.maxIter ?? 50;
  const ridge = options.ridge ?? 1e-6;
  const tol = options.tol ?? 1e-7;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i];
  mean = Math.max(mean / Math.max(n, 1), 1e-9);
  const beta = new Float64Array(p);
  beta[0] = Math.log(mean);
  const eta = new Float64Array(n);
  let converged = false;
  let it = 0;
  let A = new Float64Array(p * p);
  for (; it < maxIter && !converged; it++) {
    for (let i = 0; i < n; i++) {
      let e = 0;
      for (let j = 0; j < p; j++) e += columns[j][i] * beta[j];
      eta[i] = Math.min(Math.max(e, -30), 30);
    }
    A = new Float64Array(p * p);
    const b = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      const mu = Math.exp(eta[i]);
      const w = Math.max(mu, 1e-10);
      const z = eta[i] + (y[i] - mu) / w;
      for (let j = 0; j < p; j++) {
        const xj = columns[j][i] * w;
        b[j] += xj * z;
        for (let k = 0; k <= j; k++) A[j * p + k] += xj * columns[k][i];
      }
    }
    for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) A[k * p + j] = A[j * p + k];
    for (let j = 1; j < p; j++) A[j * p + j] += ridge * Math.max(A[0], 1);
    const next = choleskySolve(A, b, p);
    let change = 0;
    for (let j = 0; j < p; j++) change = Math.max(change, Math.abs(next[j] - beta[j]));
    beta.set(next);
    converged = change < tol;
  }
  let pearson = 0;
  for (let i = 0; i < n; i++) {
    let e = 0;
    for (let j = 0; j < p; j++) e += columns[j][i] * beta[j];
    const mu = Math.exp(Math.min(Math.max(e, -30), 30));
    pearson += ((y[i] - mu) * (y[i] - mu)) / Math.max(mu, 1e-10);
  }
  const dispersion = n > p ? pearson / (n - p) : 1;
  const se = Array.from({ length: p }, (_, j) => {
    const unit = new Float64Array(p);
    unit[j] = 1;
    return Math.sqrt(Math.max(choleskySolve(A, unit, p)[j], 0) * dispersion);
  });
  return { coef: Array.from(beta), se, dispersion, iterations: it, converged };
}
