-- The catalog service's schema: menu items. Categories are not a table: they are derived from the items
-- (see domain/categories.ts), so a category exists exactly while some live item is in it.
CREATE SCHEMA IF NOT EXISTS catalog;

CREATE TABLE catalog.menu_items (
  id            uuid PRIMARY KEY,
  restaurant_id uuid NOT NULL,
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  description   text NOT NULL DEFAULT '',
  -- Integer minor units (paise): never a float.
  price_amount  integer NOT NULL CHECK (price_amount > 0),
  currency      text NOT NULL CHECK (currency = 'INR'),
  categories    text[] NOT NULL DEFAULT '{}',
  dietary_tags  text[] NOT NULL DEFAULT '{}',
  allergens     text[] NOT NULL DEFAULT '{}',
  nutrition     jsonb NOT NULL DEFAULT '{}',
  available     boolean NOT NULL DEFAULT true,
  image_url     text,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  -- Soft delete: orders keep pointing at removed items.
  deleted_at    timestamptz
);

-- A restaurant's menu and its filtered pages; the partial index leaves removed items out.
CREATE INDEX menu_items_restaurant_idx ON catalog.menu_items (restaurant_id, name, id) WHERE deleted_at IS NULL;
-- Pages across every restaurant, by name.
CREATE INDEX menu_items_name_idx ON catalog.menu_items (name, id) WHERE deleted_at IS NULL;
