-- The users service's schema: profiles, address books and preferences. The user id is the auth account id;
-- there is no foreign key to auth, since no service reaches into another's tables.
CREATE SCHEMA IF NOT EXISTS users;

-- Made on first access from the auth account; email and roles stay in auth.
CREATE TABLE users.profiles (
  user_id    uuid PRIMARY KEY,
  name       text NOT NULL,
  phone      text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE users.addresses (
  id           uuid PRIMARY KEY,
  user_id      uuid NOT NULL,
  label        text NOT NULL,
  line1        text NOT NULL,
  line2        text,
  city         text NOT NULL,
  postcode     text NOT NULL,
  latitude     double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
  longitude    double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
  instructions text,
  is_default   boolean NOT NULL,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL
);
CREATE INDEX addresses_user_idx ON users.addresses (user_id, created_at);
-- At most one default per book, even if the application's locking were ever bypassed.
CREATE UNIQUE INDEX addresses_one_default_idx ON users.addresses (user_id) WHERE is_default;

-- A missing row means the defaults.
CREATE TABLE users.preferences (
  user_id               uuid PRIMARY KEY,
  cuisines              text[] NOT NULL,
  dietary_restrictions  text[] NOT NULL,
  notification_channels jsonb NOT NULL,
  updated_at            timestamptz NOT NULL
);

-- Every status an administrator set through this service, with who and why: auth keeps only the flag.
CREATE TABLE users.status_changes (
  id         uuid PRIMARY KEY,
  user_id    uuid NOT NULL,
  disabled   boolean NOT NULL,
  reason     text,
  changed_by uuid NOT NULL,
  changed_at timestamptz NOT NULL
);
CREATE INDEX status_changes_user_idx ON users.status_changes (user_id, changed_at);
