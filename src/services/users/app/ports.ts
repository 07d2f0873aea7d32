import type { SqlExecutor } from '../../../platform/db/sql.js';
import type { NotificationChannels, PreferencesView } from '../contract.js';

export interface ProfileRecord {
  userId: string;
  name: string;
  phone: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface AddressRecord {
  id: string;
  userId: string;
  label: string;
  line1: string;
  line2: string | null;
  city: string;
  postcode: string;
  latitude: number;
  longitude: number;
  instructions: string | null;
  isDefault: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface StatusChangeRecord {
  id: string;
  userId: string;
  disabled: boolean;
  reason: string | null;
  changedBy: string;
  changedAt: Date;
}

/** The users service's storage, on one executor (the pool, or one transaction). */
export interface UsersRepo {
  findProfile(userId: string): Promise<ProfileRecord | undefined>;
  /** The phones of those of `userIds` who have a profile with one. */
  findPhones(userIds: readonly string[]): Promise<Map<string, string>>;
  /** Two first accesses at once must not fail: the second insert does nothing. */
  insertProfileIfMissing(profile: ProfileRecord): Promise<void>;
  updateProfile(userId: string, changes: { name?: string; phone?: string | null }, at: Date): Promise<void>;

  /**
   * Serialises read-decide-write changes of one user's book or preferences until the transaction ends (an
   * advisory lock: an empty book has no row to lock).
   */
  lockUser(userId: string, purpose: 'addresses' | 'preferences'): Promise<void>;
  /** The default first, then the newest. */
  listAddresses(userId: string): Promise<AddressRecord[]>;
  countAddresses(userId: string): Promise<number>;
  findAddress(userId: string, addressId: string): Promise<AddressRecord | undefined>;
  findDefaultAddress(userId: string): Promise<AddressRecord | undefined>;
  insertAddress(address: AddressRecord): Promise<void>;
  /** Writes every field of `address` but its owner and creation time. */
  updateAddress(address: AddressRecord): Promise<void>;
  /** Clears the default flag of the user's addresses; run before setting a new default. */
  unsetDefault(userId: string, at: Date): Promise<void>;
  setDefault(userId: string, addressId: string, at: Date): Promise<void>;
  /** False when the user has no such address. */
  deleteAddress(userId: string, addressId: string): Promise<boolean>;

  findPreferences(userId: string): Promise<PreferencesView | undefined>;
  /** The stored channel choices of those of `userIds` who made any. */
  findNotificationChannels(userIds: readonly string[]): Promise<Map<string, NotificationChannels>>;
  savePreferences(userId: string, preferences: PreferencesView, at: Date): Promise<void>;

  insertStatusChange(change: StatusChangeRecord): Promise<void>;
  lastStatusChange(userId: string): Promise<StatusChangeRecord | undefined>;
}

export interface UsersStore extends UsersRepo {
  /** Runs `work` in one transaction; a throw rolls everything back. `tx` is for the outbox. */
  transaction<T>(work: (repo: UsersRepo, tx: SqlExecutor) => Promise<T>): Promise<T>;
}
