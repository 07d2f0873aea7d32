import { me } from '../api/endpoints';
import type { SavedAddress } from '../api/types';
import { useAsync } from '../lib/use-async';

/**
 * The customer's default address (or their only one): where "near me" is measured from. `undefined`
 * while loading, `null` when there is none (or the address book cannot be read).
 */
export function useDefaultAddress(): SavedAddress | null | undefined {
  const book = useAsync(() => me.addresses().catch(() => [] as SavedAddress[]), []);
  if (book.data === undefined) return undefined;
  return (
    book.data.find((address) => address.isDefault) ?? (book.data.length === 1 ? (book.data[0] ?? null) : null)
  );
}
