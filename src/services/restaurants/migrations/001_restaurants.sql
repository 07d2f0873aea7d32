-- The restaurants service's schema: restaurant profiles with their hours, and the staff it granted.
CREATE SCHEMA IF NOT EXISTS restaurants;

CREATE TABLE restaurants.restaurants (
  id                          uuid PRIMARY KEY,
  name                        text NOT NULL,
  description                 text NOT NULL DEFAULT '',
  -- Lower-cased on write, so the cuisine filter is an exact array containment the GIN index serves.
  cuisines                    text[] NOT NULL DEFAULT '{}',
  address_line1               text NOT NULL,
  city                        text NOT NULL,
  postcode                    text NOT NULL,
  latitude                    double precision NOT NULL,
  longitude                   double precision NOT NULL,
  phone                       text NOT NULL,
  email                       text NOT NULL,
  image_urls                  text[] NOT NULL DEFAULT '{}',
  delivery_radius_km          double precision NOT NULL CHECK (delivery_radius_km > 0),
  average_preparation_minutes integer NOT NULL CHECK (average_preparation_minutes > 0),
  time_zone                   text NOT NULL,
  -- { monday: [{ open, close }], ... }: read whole with the profile; openNow is computed in TypeScript
  -- because only the runtime's zone database (Intl) and the domain rule decide it.
  hours                       jsonb NOT NULL,
  rating_average              double precision NOT NULL DEFAULT 0,
  rating_count                integer NOT NULL DEFAULT 0,
  status                      text NOT NULL
    CHECK (status IN ('PENDING_APPROVAL', 'ACTIVE', 'REJECTED', 'SUSPENDED')),
  -- The manual switch of the staff.
  open                        boolean NOT NULL DEFAULT true,
  status_reason               text,
  -- Who applied (self-service); becomes the restaurant's admin on approval.
  applicant_id                uuid,
  created_at                  timestamptz NOT NULL,
  updated_at                  timestamptz NOT NULL
);
CREATE INDEX restaurants_status_name_idx ON restaurants.restaurants (status, lower(name), id);
CREATE INDEX restaurants_status_rating_idx ON restaurants.restaurants (status, rating_average DESC, id);
CREATE INDEX restaurants_cuisines_idx ON restaurants.restaurants USING gin (cuisines);
CREATE INDEX restaurants_location_idx ON restaurants.restaurants (latitude, longitude);
CREATE INDEX restaurants_applicant_idx ON restaurants.restaurants (applicant_id) WHERE applicant_id IS NOT NULL;

-- Members this service granted (the roles themselves live in auth). A revoked member keeps its row with
-- revoked_at set, so that a token issued before the revocation is refused here at once.
CREATE TABLE restaurants.staff (
  restaurant_id uuid NOT NULL REFERENCES restaurants.restaurants (id) ON DELETE CASCADE,
  account_id    uuid NOT NULL,
  email         text NOT NULL,
  name          text NOT NULL,
  role          text NOT NULL CHECK (role IN ('RESTAURANT_STAFF', 'RESTAURANT_ADMIN')),
  granted_at    timestamptz NOT NULL,
  revoked_at    timestamptz,
  PRIMARY KEY (restaurant_id, account_id)
);
CREATE INDEX staff_account_idx ON restaurants.staff (account_id);
