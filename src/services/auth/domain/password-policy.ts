import { AppError } from '../../../platform/errors/app-error.js';
import { AuthErrors, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../contract.js';

/**
 * A password is accepted when it is long enough, not absurdly long (argon2 would happily hash megabytes),
 * mixes at least two character classes and is not one character repeated. Length matters far more than
 * composition, so the rule stays lenient beyond that: a passphrase such as "sattzabite-demo" is fine.
 */
export function checkPasswordPolicy(password: string): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    throw weak(`A password needs at least ${PASSWORD_MIN_LENGTH} characters.`);
  }
  if (length > PASSWORD_MAX_LENGTH) {
    throw weak(`A password has at most ${PASSWORD_MAX_LENGTH} characters.`);
  }
  if (characterClasses(password) < 2) {
    throw weak('A password needs at least two kinds of characters: letters, digits, symbols or spaces.');
  }
  if (new Set(password).size < 4) {
    throw weak('A password needs more than a few distinct characters.');
  }
}

function characterClasses(password: string): number {
  const classes = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{L}\p{Nd}]/u];
  return classes.filter((pattern) => pattern.test(password)).length;
}

function weak(message: string): AppError {
  return new AppError(AuthErrors.WEAK_PASSWORD, message);
}
