import { Type, type Static } from 'typebox';

/**
 * The restaurants service's schemas: what its routes accept and answer, what its events carry and what its
 * client returns. Part of the public contract (re-exported by contract.ts).
 */

export const RESTAURANT_STATUSES = ['PENDING_APPROVAL', 'ACTIVE', 'REJECTED', 'SUSPENDED'] as const;
/** PENDING_APPROVAL (self-service application) → ACTIVE or REJECTED by a system admin. */
export type RestaurantStatus = (typeof RESTAURANT_STATUSES)[number];
const StatusSchema = Type.Union([
  Type.Literal('PENDING_APPROVAL'),
  Type.Literal('ACTIVE'),
  Type.Literal('REJECTED'),
  Type.Literal('SUSPENDED'),
]);

/** Days of the week as keys of {@link WeeklyHours}, Monday first (ISO order). */
export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const MAX_INTERVALS_PER_DAY = 6;
export const MAX_DELIVERY_RADIUS_KM = 100;

const Uuid = Type.String({ format: 'uuid' });
const IsoTime = Type.String({ description: 'an ISO-8601 instant' });

/**
 * One opening interval in the restaurant's local time. `close` earlier than `open` runs past midnight into
 * the next day (18:00-02:00); `close` 24:00 means the end of the day; `open` equal to `close` is refused.
 */
export const OpeningInterval = Type.Object(
  {
    open: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM, 00:00-23:59' }),
    close: Type.String({
      pattern: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$',
      description: 'HH:MM, 00:00-24:00',
    }),
  },
  { additionalProperties: false },
);
export type OpeningInterval = Static<typeof OpeningInterval>;

const DayIntervals = Type.Array(OpeningInterval, { maxItems: MAX_INTERVALS_PER_DAY });

/** Opening intervals per day of the week; a missing or empty day is closed. */
export const WeeklyHours = Type.Object(
  Object.fromEntries(WEEKDAYS.map((day) => [day, Type.Optional(DayIntervals)])) as Record<
    Weekday,
    Type.TOptional<typeof DayIntervals>
  >,
  { additionalProperties: false },
);
export type WeeklyHours = Partial<Record<Weekday, OpeningInterval[]>>;

export const Address = Type.Object(
  {
    line1: Type.String({ minLength: 1, maxLength: 200 }),
    city: Type.String({ minLength: 1, maxLength: 100 }),
    postcode: Type.String({ minLength: 1, maxLength: 20 }),
    latitude: Type.Number({ minimum: -90, maximum: 90 }),
    longitude: Type.Number({ minimum: -180, maximum: 180 }),
  },
  { additionalProperties: false },
);
export type Address = Static<typeof Address>;

export const Contact = Type.Object(
  {
    phone: Type.String({ pattern: '^\\+?[0-9 ()-]{5,24}$', maxLength: 24 }),
    email: Type.String({ format: 'email', maxLength: 254 }),
  },
  { additionalProperties: false },
);
export type Contact = Static<typeof Contact>;

const Name = Type.String({ minLength: 1, maxLength: 120 });
const Description = Type.String({ maxLength: 2000 });
const Cuisines = Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 10 });
/** http(s) URLs or files served by the storage service (its upload answers `/api/storage/files/{id}`). */
const ImageUrl = Type.String({
  maxLength: 500,
  pattern: '^(https?://[^\\s/?#]+[^\\s]*|/api/storage/files/[A-Za-z0-9][A-Za-z0-9._-]*)$',
});
const ImageUrls = Type.Array(ImageUrl, { maxItems: 10 });
const DeliveryRadiusKm = Type.Number({ exclusiveMinimum: 0, maximum: MAX_DELIVERY_RADIUS_KM });
const PreparationMinutes = Type.Integer({ minimum: 1, maximum: 240 });
/** An IANA zone name; checked against the runtime's zone database as well. */
const TimeZone = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'IANA time zone, e.g. Asia/Kolkata',
});

const profileFields = {
  name: Name,
  description: Description,
  cuisines: Cuisines,
  address: Address,
  contact: Contact,
  imageUrls: ImageUrls,
  deliveryRadiusKm: DeliveryRadiusKm,
  averagePreparationMinutes: PreparationMinutes,
  timeZone: TimeZone,
};

/** `POST /api/restaurants`. `ownerEmail` is for system admins only. */
export const CreateRestaurantBody = Type.Object(
  {
    ...profileFields,
    description: Type.Optional(Description),
    cuisines: Type.Optional(Cuisines),
    imageUrls: Type.Optional(ImageUrls),
    averagePreparationMinutes: Type.Optional(PreparationMinutes),
    hours: Type.Optional(WeeklyHours),
    ownerEmail: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
  },
  { additionalProperties: false },
);
export type CreateRestaurantBody = Static<typeof CreateRestaurantBody>;

/** `PATCH /api/restaurants/{id}`: any profile fields; objects (address, contact) are replaced whole. */
export const PatchRestaurantBody = Type.Object(
  Object.fromEntries(Object.entries(profileFields).map(([key, schema]) => [key, Type.Optional(schema)])) as {
    [K in keyof typeof profileFields]: Type.TOptional<(typeof profileFields)[K]>;
  },
  { additionalProperties: false, minProperties: 1 },
);
export type PatchRestaurantBody = Static<typeof PatchRestaurantBody>;

export const HoursBody = Type.Object({ hours: WeeklyHours }, { additionalProperties: false });
export type HoursBody = Static<typeof HoursBody>;

export const StatusBody = Type.Object(
  { open: Type.Boolean(), reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) },
  { additionalProperties: false },
);
export type StatusBody = Static<typeof StatusBody>;

export const ApprovalBody = Type.Object(
  { approved: Type.Boolean(), reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) },
  { additionalProperties: false },
);
export type ApprovalBody = Static<typeof ApprovalBody>;

export const STAFF_ROLES = ['RESTAURANT_STAFF', 'RESTAURANT_ADMIN'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
const StaffRoleSchema = Type.Union([Type.Literal('RESTAURANT_STAFF'), Type.Literal('RESTAURANT_ADMIN')]);

export const AddStaffBody = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    role: StaffRoleSchema,
  },
  { additionalProperties: false },
);
export type AddStaffBody = Static<typeof AddStaffBody>;

export const StaffMember = Type.Object({
  accountId: Uuid,
  email: Type.String(),
  name: Type.String(),
  role: StaffRoleSchema,
  grantedAt: IsoTime,
});
export type StaffMember = Static<typeof StaffMember>;

const Days = Type.Object(
  Object.fromEntries(WEEKDAYS.map((day) => [day, Type.Array(OpeningInterval)])) as Record<
    Weekday,
    Type.TArray<typeof OpeningInterval>
  >,
);

/**
 * A restaurant as the public (and the RestaurantProfileUpdated event) sees it. `hours` always lists all
 * seven days. `statusReason` is the reason of a rejection or of the last approval decision.
 */
export const RestaurantProfile = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  cuisines: Type.Array(Type.String()),
  address: Address,
  contact: Contact,
  imageUrls: Type.Array(Type.String()),
  deliveryRadiusKm: Type.Number(),
  averagePreparationMinutes: Type.Integer(),
  timeZone: Type.String(),
  hours: Days,
  rating: Type.Object({ average: Type.Number(), count: Type.Integer() }),
  status: StatusSchema,
  /** The manual open/closed switch; `openNow` also needs the hours. */
  open: Type.Boolean(),
  statusReason: Type.Optional(Type.String()),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type RestaurantProfile = Omit<Static<typeof RestaurantProfile>, 'hours'> & {
  hours: Record<Weekday, OpeningInterval[]>;
};

/** The profile with `openNow` (switch on and inside the hours, in the restaurant's zone, at the server's now). */
export const RestaurantView = Type.Object({
  ...RestaurantProfile.properties,
  openNow: Type.Boolean(),
  /** Only in lists queried with a point: great-circle distance in km, rounded to 10 m. */
  distanceKm: Type.Optional(Type.Number()),
});
export type RestaurantView = RestaurantProfile & { openNow: boolean; distanceKm?: number };

export const HoursView = Type.Object({
  restaurantId: Uuid,
  timeZone: Type.String(),
  hours: Days,
  open: Type.Boolean(),
  openNow: Type.Boolean(),
});
export type HoursView = Static<typeof HoursView>;

export const LIST_SORTS = ['name', 'rating', 'distance'] as const;
export type ListSort = (typeof LIST_SORTS)[number];

/**
 * `GET /api/restaurants`. With `lat`+`lng`, results carry `distanceKm` and only restaurants within reach
 * are listed: within `radiusKm` when it is given, otherwise within each restaurant's own delivery radius
 * (the restaurants that deliver to that point).
 */
export const ListQuery = Type.Object(
  {
    cuisine: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    openNow: Type.Optional(Type.Boolean()),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    radiusKm: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 500 })),
    minRating: Type.Optional(Type.Number({ minimum: 0, maximum: 5 })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    /** System admins only: list another status than ACTIVE (e.g. the applications waiting for approval). */
    status: Type.Optional(StatusSchema),
    page: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
    size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    sort: Type.Optional(Type.Union([Type.Literal('name'), Type.Literal('rating'), Type.Literal('distance')])),
  },
  { additionalProperties: false },
);
export type ListQuery = Static<typeof ListQuery>;

export const RestaurantPage = Type.Object({
  content: Type.Array(RestaurantView),
  page: Type.Integer(),
  size: Type.Integer(),
  totalElements: Type.Integer(),
  totalPages: Type.Integer(),
});
export interface RestaurantPage {
  content: RestaurantView[];
  page: number;
  size: number;
  totalElements: number;
  totalPages: number;
}

/** One restaurant of `importRestaurants` (the demo seed): created ACTIVE and open, with its own id. */
export const RestaurantImport = Type.Object(
  {
    id: Uuid,
    ...profileFields,
    description: Type.Optional(Description),
    cuisines: Type.Optional(Cuisines),
    imageUrls: Type.Optional(ImageUrls),
    averagePreparationMinutes: Type.Optional(PreparationMinutes),
    hours: WeeklyHours,
    rating: Type.Optional(
      Type.Object(
        { average: Type.Number({ minimum: 0, maximum: 5 }), count: Type.Integer({ minimum: 0 }) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type RestaurantImport = Static<typeof RestaurantImport>;
