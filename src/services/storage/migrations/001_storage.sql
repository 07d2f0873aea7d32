-- The storage service's schema: one row per stored file. The bytes live in the blob store under `key`;
-- a row exists only for a blob that was written whole (the blob is written first, the row after).
CREATE SCHEMA IF NOT EXISTS storage;

CREATE TABLE storage.files (
  id            uuid PRIMARY KEY,
  -- Generated from the id and the detected type; never from anything the client sent.
  key           text NOT NULL UNIQUE,
  content_type  text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  size          integer NOT NULL CHECK (size > 0),
  -- Hex SHA-256 of the bytes: the strong ETag they are served with.
  sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  -- The client's file name, cleaned, for display only.
  original_name text CHECK (length(original_name) BETWEEN 1 AND 200),
  purpose       text NOT NULL CHECK (purpose IN ('RESTAURANT_IMAGE', 'MENU_ITEM_IMAGE', 'AVATAR')),
  owner_id      uuid NOT NULL,
  uploaded_by   uuid NOT NULL,
  created_at    timestamptz NOT NULL
);

-- A restaurant's, a menu item's or a user's files, newest first.
CREATE INDEX files_owner_idx ON storage.files (owner_id, purpose, created_at DESC);
