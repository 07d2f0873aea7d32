/** Hashes and checks passwords; the adapter decides the algorithm and its cost. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /**
   * True when `password` matches `hash`. With no hash (unknown email) it still does the full work against a
   * dummy hash and answers false, so that the answer's timing does not tell whether the account exists.
   */
  verify(hash: string | undefined, password: string): Promise<boolean>;
}
