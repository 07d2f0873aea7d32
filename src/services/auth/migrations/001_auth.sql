-- The auth service's schema: credentials, restaurant role grants, refresh tokens and signing keys.
CREATE SCHEMA IF NOT EXISTS auth;

CREATE TABLE auth.accounts (
  id            uuid PRIMARY KEY,
  -- Stored lower-cased; the unique index on lower(email) also guards rows written by hand.
  email         text NOT NULL,
  name          text NOT NULL,
  password_hash text NOT NULL,
  -- Roles of the account itself; restaurant roles live in account_restaurants.
  roles         text[] NOT NULL DEFAULT '{}',
  disabled      boolean NOT NULL DEFAULT false,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until  timestamptz,
  created_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX accounts_email_key ON auth.accounts (lower(email));

-- One row per role an account holds at a restaurant (staff, admin).
CREATE TABLE auth.account_restaurants (
  account_id    uuid NOT NULL REFERENCES auth.accounts (id) ON DELETE CASCADE,
  restaurant_id uuid NOT NULL,
  role          text NOT NULL,
  granted_at    timestamptz NOT NULL,
  PRIMARY KEY (account_id, restaurant_id, role)
);

-- Refresh tokens are opaque; only their SHA-256 is kept. A family is one sign-in and all its rotations.
CREATE TABLE auth.refresh_tokens (
  id          uuid PRIMARY KEY,
  token_hash  text NOT NULL UNIQUE,
  family_id   uuid NOT NULL,
  account_id  uuid NOT NULL REFERENCES auth.accounts (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  replaced_by uuid,
  revoked_at  timestamptz
);
CREATE INDEX refresh_tokens_family_idx ON auth.refresh_tokens (family_id);
CREATE INDEX refresh_tokens_account_idx ON auth.refresh_tokens (account_id);

-- Ed25519 keys for access tokens. The newest unretired key signs; retired keys verify until dropped.
CREATE TABLE auth.signing_keys (
  kid         text PRIMARY KEY,
  private_jwk jsonb NOT NULL,
  public_jwk  jsonb NOT NULL,
  created_at  timestamptz NOT NULL,
  retired_at  timestamptz
);
