import { AppError } from '../../../platform/errors/app-error.js';
import { MAX_ADDRESSES, UsersErrors } from '../contract.js';

/** What the rules need to know about a book before a change. */
export interface BookState {
  count: number;
}

/** Where a change leaves the default: whether this address is it, and whether the old one must be unset. */
export interface DefaultDecision {
  isDefault: boolean;
  unsetOthers: boolean;
}

/**
 * Adding an address: at most `MAX_ADDRESSES`; the first one is the default whatever was asked, because a
 * non-empty book always has exactly one; asking for the default moves it here.
 */
export function decideNewAddress(book: BookState, wantsDefault: boolean | undefined): DefaultDecision {
  if (book.count >= MAX_ADDRESSES) {
    throw new AppError(
      UsersErrors.ADDRESS_LIMIT_REACHED,
      `An address book holds at most ${MAX_ADDRESSES} addresses: delete one to add another.`,
      { details: { limit: MAX_ADDRESSES } },
    );
  }
  if (book.count === 0) return { isDefault: true, unsetOthers: false };
  return wantsDefault === true
    ? { isDefault: true, unsetOthers: true }
    : { isDefault: false, unsetOthers: false };
}

/**
 * Changing an address's default flag: `true` moves the default here; `false` on the default is refused, since
 * which other address should take over is the user's choice, not ours.
 */
export function decideDefaultChange(
  current: { isDefault: boolean },
  wantsDefault: boolean | undefined,
): DefaultDecision {
  if (wantsDefault === undefined || wantsDefault === current.isDefault) {
    return { isDefault: current.isDefault, unsetOthers: false };
  }
  if (wantsDefault) return { isDefault: true, unsetOthers: true };
  throw new AppError(
    UsersErrors.DEFAULT_ADDRESS_REQUIRED,
    'This is the default address: make another address the default instead.',
  );
}

/** After the default is deleted, the most recently added remaining address takes over (ties: the larger id). */
export function successorOfDeletedDefault<A extends { id: string; createdAt: Date }>(
  remaining: readonly A[],
): A | undefined {
  let best: A | undefined;
  for (const address of remaining) {
    if (
      best === undefined ||
      address.createdAt.getTime() > best.createdAt.getTime() ||
      (address.createdAt.getTime() === best.createdAt.getTime() && address.id > best.id)
    ) {
      best = address;
    }
  }
  return best;
}
