import { Type, type Static, type TSchema } from 'typebox';
import { defineServiceContract } from '../../platform/clients/index.js';
import { Roles, type AccountPage } from '../auth/index.js';
import { FULFILLMENTS, ORDER_STATUSES } from '../orders/index.js';

const ROLE_NAMES = Object.values(Roles);

/**
 * The users service's public face: profiles (the user id is the auth account id), address books, preferences
 * and the administrators' view of accounts. Email, roles and account status belong to auth; this service
 * keeps what a person says about themself.
 */

export const UsersErrors = {
  /** No account with this id (admin routes and client operations). */
  USER_NOT_FOUND: 'USERS.USER_NOT_FOUND',
  /** No such address in this user's book; another user's address answers the same, to not leak it. */
  ADDRESS_NOT_FOUND: 'USERS.ADDRESS_NOT_FOUND',
  /** The book already holds `MAX_ADDRESSES`; `details.limit` says how many. */
  ADDRESS_LIMIT_REACHED: 'USERS.ADDRESS_LIMIT_REACHED',
  /** A non-empty book always has one default: make another address the default instead of unsetting it. */
  DEFAULT_ADDRESS_REQUIRED: 'USERS.DEFAULT_ADDRESS_REQUIRED',
  /** A phone number that is not `+` and 8 to 15 digits once spaces, dots, dashes and brackets are removed. */
  INVALID_PHONE: 'USERS.INVALID_PHONE',
  /** An administrator cannot disable their own account (nobody would be left to undo it). */
  CANNOT_DISABLE_SELF: 'USERS.CANNOT_DISABLE_SELF',
} as const;
export type UsersErrorCode = (typeof UsersErrors)[keyof typeof UsersErrors];

export const usersErrorStatuses: Record<UsersErrorCode, number> = {
  [UsersErrors.USER_NOT_FOUND]: 404,
  [UsersErrors.ADDRESS_NOT_FOUND]: 404,
  [UsersErrors.ADDRESS_LIMIT_REACHED]: 409,
  [UsersErrors.DEFAULT_ADDRESS_REQUIRED]: 409,
  [UsersErrors.INVALID_PHONE]: 400,
  [UsersErrors.CANNOT_DISABLE_SELF]: 409,
};

/** How many addresses one book may hold. */
export const MAX_ADDRESSES = 20;

const Uuid = Type.String({ format: 'uuid' });
const Instant = Type.String({ format: 'date-time', description: 'ISO-8601 instant' });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });
const OptionalText = (maxLength: number) => Type.Union([Type.String({ maxLength }), Type.Null()]);

// ---- profile ----

export const ProfileView = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.String(),
  /** E.164 (`+919876543210`), or null when not given. */
  phone: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(Type.String()),
  restaurantIds: Type.Array(Uuid),
  createdAt: Instant,
  updatedAt: Instant,
});
export type ProfileView = Static<typeof ProfileView>;

/** Spaces, dots, dashes and brackets are allowed in `phone` and removed; null clears it. */
export const UpdateProfileBody = Type.Object(
  {
    name: Type.Optional(Text(100)),
    phone: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 32 }), Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateProfileBody = Static<typeof UpdateProfileBody>;

// ---- addresses ----

export const AddressView = Type.Object({
  id: Uuid,
  label: Type.String(),
  line1: Type.String(),
  line2: Type.Union([Type.String(), Type.Null()]),
  city: Type.String(),
  postcode: Type.String(),
  latitude: Type.Number(),
  longitude: Type.Number(),
  instructions: Type.Union([Type.String(), Type.Null()]),
  isDefault: Type.Boolean(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type AddressView = Static<typeof AddressView>;

const addressFields = {
  label: Text(40),
  line1: Text(200),
  line2: OptionalText(200),
  city: Text(100),
  postcode: Type.String({ minLength: 2, maxLength: 16, pattern: '^[A-Za-z0-9][A-Za-z0-9 -]*$' }),
  latitude: Type.Number({ minimum: -90, maximum: 90 }),
  longitude: Type.Number({ minimum: -180, maximum: 180 }),
  instructions: OptionalText(500),
  isDefault: Type.Boolean(),
};

/** The first address of a book becomes the default whatever `isDefault` says. */
export const CreateAddressBody = Type.Object(
  {
    label: addressFields.label,
    line1: addressFields.line1,
    line2: Type.Optional(addressFields.line2),
    city: addressFields.city,
    postcode: addressFields.postcode,
    latitude: addressFields.latitude,
    longitude: addressFields.longitude,
    instructions: Type.Optional(addressFields.instructions),
    isDefault: Type.Optional(addressFields.isDefault),
  },
  { additionalProperties: false },
);
export type CreateAddressBody = Static<typeof CreateAddressBody>;

/** Only the fields given change; `isDefault: true` moves the default here, `false` on the default is refused. */
export const UpdateAddressBody = Type.Object(
  {
    label: Type.Optional(addressFields.label),
    line1: Type.Optional(addressFields.line1),
    line2: Type.Optional(addressFields.line2),
    city: Type.Optional(addressFields.city),
    postcode: Type.Optional(addressFields.postcode),
    latitude: Type.Optional(addressFields.latitude),
    longitude: Type.Optional(addressFields.longitude),
    instructions: Type.Optional(addressFields.instructions),
    isDefault: Type.Optional(addressFields.isDefault),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateAddressBody = Static<typeof UpdateAddressBody>;

// ---- preferences ----

export const DIETARY_RESTRICTIONS = [
  'VEGETARIAN',
  'VEGAN',
  'EGGETARIAN',
  'GLUTEN_FREE',
  'HALAL',
  'KOSHER',
  'JAIN',
  'NUT_FREE',
  'DAIRY_FREE',
] as const;
export type DietaryRestriction = (typeof DIETARY_RESTRICTIONS)[number];

/** What a notification is about; each kind has its own channels. */
export const NOTIFICATION_KINDS = ['ORDER_UPDATES', 'PROMOTIONS', 'ACCOUNT', 'RESTAURANT_UPDATES'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

const Channels = Type.Object(
  { inApp: Type.Boolean(), email: Type.Boolean(), sms: Type.Boolean() },
  { additionalProperties: false },
);
export type Channels = Static<typeof Channels>;

export const NotificationChannels = Type.Object(
  Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, Channels])) as Record<
    NotificationKind,
    typeof Channels
  >,
  { additionalProperties: false },
);
export type NotificationChannels = Static<typeof NotificationChannels>;

export const MAX_CUISINES = 30;

/** The whole preference set; PUT replaces it. Cuisines are kept trimmed, without repeats in any letter case. */
export const PreferencesView = Type.Object(
  {
    cuisines: Type.Array(Text(50), { maxItems: MAX_CUISINES }),
    dietaryRestrictions: Type.Array(Type.Enum([...DIETARY_RESTRICTIONS]), {
      maxItems: DIETARY_RESTRICTIONS.length,
    }),
    notificationChannels: NotificationChannels,
  },
  { additionalProperties: false },
);
export type PreferencesView = Static<typeof PreferencesView>;

// ---- administration ----

export const ListUsersQuery = Type.Object(
  {
    page: Type.Integer({ minimum: 0, default: 0, description: 'from 0' }),
    size: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'part of the email or name' })),
    role: Type.Optional(Type.Enum([...ROLE_NAMES])),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ListUsersQuery = Static<typeof ListUsersQuery>;

export const AccountSummaryView = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.String(),
  roles: Type.Array(Type.String()),
  restaurantIds: Type.Array(Uuid),
  disabled: Type.Boolean(),
  createdAt: Instant,
});
export const UserPage = Type.Object({
  content: Type.Array(AccountSummaryView),
  page: Type.Integer(),
  size: Type.Integer(),
  totalElements: Type.Integer(),
  totalPages: Type.Integer(),
});
export type UserPage = AccountPage;

/** The last status an administrator set through this service, with their reason; null when never set. */
export const StatusChangeView = Type.Object({
  disabled: Type.Boolean(),
  reason: Type.Union([Type.String(), Type.Null()]),
  changedBy: Uuid,
  changedAt: Instant,
});
export type StatusChangeView = Static<typeof StatusChangeView>;

export const AdminUserView = Type.Object({
  ...ProfileView.properties,
  lastStatusChange: Type.Union([StatusChangeView, Type.Null()]),
});
export type AdminUserView = Static<typeof AdminUserView>;

export const SetStatusBody = Type.Object(
  { disabled: Type.Boolean(), reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) },
  { additionalProperties: false },
);
export type SetStatusBody = Static<typeof SetStatusBody>;

// ---- order history ----

/** `GET /api/users/me/orders`: the caller's orders, newest first, optionally of one status. */
export const OrderHistoryQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum([...ORDER_STATUSES])),
    page: Type.Integer({ minimum: 0, default: 0, description: 'from 0' }),
    size: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  { additionalProperties: false },
);
export type OrderHistoryQuery = Static<typeof OrderHistoryQuery>;

/**
 * One order as the history shows it, projected from the orders service's events: it may lag the order's
 * detail (`GET /api/orders/{id}`) by the time an event takes to arrive.
 */
export const OrderHistoryView = Type.Object({
  orderId: Type.String(),
  restaurantId: Type.String(),
  status: Type.Enum([...ORDER_STATUSES]),
  fulfillment: Type.Enum([...FULFILLMENTS]),
  totalAmount: Type.Object({ amount: Type.Integer(), currency: Type.String() }),
  items: Type.Array(Type.Object({ name: Type.String(), quantity: Type.Integer() })),
  /** `Masala Dosa × 2, Filter Coffee × 1`. */
  itemSummary: Type.String(),
  /** True once the payment of a cancelled order was refunded. */
  refunded: Type.Boolean(),
  /** The promotion code applied at checkout, null without one. */
  promotionCode: Type.Union([Type.String(), Type.Null()]),
  /** Taken off the total by the promotion (0 without one). */
  discount: Type.Object({ amount: Type.Integer(), currency: Type.String() }),
  createdAt: Instant,
  /** When the current status took effect. */
  updatedAt: Instant,
});
export type OrderHistoryView = Static<typeof OrderHistoryView>;

export const OrderHistoryPage = Type.Object({
  content: Type.Array(OrderHistoryView),
  page: Type.Integer(),
  size: Type.Integer(),
  totalElements: Type.Integer(),
  totalPages: Type.Integer(),
});
export type OrderHistoryPage = Static<typeof OrderHistoryPage>;

// ---- events ----

export const UserEvents = { PREFERENCE_UPDATED: 'UserPreferenceUpdated' } as const;

/** `UserPreferenceUpdated` v1: the whole new preference set, published only when something changed. */
export const UserPreferenceUpdatedV1 = Type.Object({
  userId: Uuid,
  cuisines: Type.Array(Type.String()),
  dietaryRestrictions: Type.Array(Type.String()),
  notificationChannels: NotificationChannels,
});
export type UserPreferenceUpdatedV1 = Static<typeof UserPreferenceUpdatedV1>;

/** Every event this service publishes, for the composition root's registry. */
export const usersEventSchemas: Array<{ type: string; version: number; schema: TSchema }> = [
  { type: UserEvents.PREFERENCE_UPDATED, version: 1, schema: UserPreferenceUpdatedV1 },
];

// ---- client ----

/** What other services call. Inputs and outputs are plain JSON, so the same interface works over HTTP. */
export interface UsersClient {
  /** The profile (made on first use); `USERS.USER_NOT_FOUND` when auth has no such account. */
  getProfile(input: { userId: string }): Promise<ProfileView>;
  /** One address of this user's book; `USERS.ADDRESS_NOT_FOUND` for an unknown id or another user's. */
  getAddress(input: { userId: string; addressId: string }): Promise<AddressView>;
  /** The default address, or null when the book is empty. */
  getDefaultAddress(input: { userId: string }): Promise<AddressView | null>;
  /** The preferences, or the defaults when the user never set any. */
  getPreferences(input: { userId: string }): Promise<PreferencesView>;
  /**
   * The notification channels of many users in one call (at most MAX_USERS_PER_LOOKUP): the defaults for
   * a user who never chose; an id that cannot be a user's is left out.
   */
  getNotificationChannels(input: { userIds: string[] }): Promise<{ channels: UserChannels[] }>;
  /**
   * The email and phone of many users in one call (at most MAX_USERS_PER_LOOKUP); a user auth does not
   * know is left out.
   */
  getContacts(input: { userIds: string[] }): Promise<{ contacts: UserContact[] }>;
}

/** Where to reach a user, as `getContacts` answers it. */
export interface UserContact {
  userId: string;
  email: string;
  phone: string | null;
}

/** One user's channel choices, as `getNotificationChannels` answers them. */
export interface UserChannels {
  userId: string;
  notificationChannels: NotificationChannels;
}

/** How many users one `getNotificationChannels` call may name. */
export const MAX_USERS_PER_LOOKUP = 200;

/** `UsersClient` as a record of operations, the shape the client transports take. */
export type UsersOperations = { [K in keyof UsersClient]: UsersClient[K] };

/** The users service's operations for other services; all of them are reads, safe to retry. */
export const usersContract = defineServiceContract<UsersOperations>('users', {
  getProfile: { idempotent: true },
  getAddress: { idempotent: true },
  getDefaultAddress: { idempotent: true },
  getPreferences: { idempotent: true },
  getNotificationChannels: { idempotent: true },
  getContacts: { idempotent: true },
});
