-- The search service's index, built only from events (MenuItemUpdated, RestaurantProfileUpdated,
-- RestaurantStatusChanged) and rebuilt from them by `rebuildIndex()`. Everything here can be dropped and
-- replayed; nothing is the source of any truth.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE SCHEMA IF NOT EXISTS search;

-- What the restaurants' events said, newest per fact: the profile and the manual switch keep their own
-- versions (event time, then event id) because either event may arrive first. Profile columns stay NULL
-- while only the switch is known.
CREATE TABLE search.restaurants (
  id                 uuid PRIMARY KEY,
  name               text,
  description        text,
  cuisines           text[],
  latitude           double precision,
  longitude          double precision,
  delivery_radius_km double precision,
  time_zone          text,
  -- Local minutes of the week (Monday 00:00 = 0) the hours cover: open-now is `open_week @> minute`.
  open_week          int4multirange,
  rating_average     double precision,
  rating_count       integer,
  status             text,
  -- The texts row of the profile's name, cuisines and description.
  text_hash          text,
  profile_time       timestamptz,
  profile_event      text COLLATE "C",
  open               boolean,
  open_time          timestamptz,
  open_event         text COLLATE "C",
  visible            boolean GENERATED ALWAYS AS (status = 'ACTIVE' AND open IS TRUE) STORED
);

-- The searchable texts (name, then categories or cuisines, then description), each distinct text once.
-- Dishes repeat across menus ("Chicken Biryani" at a thousand restaurants): relevance is computed per
-- text, a few hundred times, instead of per dish, hundreds of thousands of times. A text outlives the
-- documents that bore it (it then matches nothing); a rebuild starts them afresh.
CREATE TABLE search.texts (
  id          bigserial PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('restaurant', 'dish')),
  -- sha-1 of name, keywords and description, computed by the writer.
  hash        text NOT NULL,
  name        text NOT NULL,
  keywords    text NOT NULL,
  description text NOT NULL,
  -- '<', '>' and '&' become spaces first: PostgreSQL's parser would take "<Grill>" for a tag and
  -- "&amp;" for an entity and index neither (ts_headline gets the same treatment, see search.sql.ts).
  doc         tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('english'::regconfig, translate(name, '<>&', '   ')), 'A') ||
                setweight(to_tsvector('english'::regconfig, translate(keywords, '<>&', '   ')), 'B') ||
                setweight(to_tsvector('english'::regconfig, translate(description, '<>&', '   ')), 'C'))
                STORED,
  UNIQUE (kind, hash)
);
CREATE INDEX texts_doc_idx ON search.texts USING gin (doc);

-- One row per searchable thing: restaurants and dishes side by side, so one query ranks both. A dish
-- carries a copy of its restaurant's fields (name, cuisines, place, hours, rating, visibility), refreshed
-- whenever the restaurant changes (a few dozen rows), so a search never joins restaurants.
CREATE TABLE search.documents (
  kind               text NOT NULL CHECK (kind IN ('restaurant', 'dish')),
  id                 uuid NOT NULL,
  restaurant_id      uuid NOT NULL,
  -- NULL for a deleted dish's tombstone.
  text_id            bigint,
  name               text NOT NULL,
  name_key           text GENERATED ALWAYS AS (lower(btrim(regexp_replace(name, '\s+', ' ', 'g')))) STORED,
  categories         text[] NOT NULL DEFAULT '{}',
  dietary_tags       text[] NOT NULL DEFAULT '{}',
  allergens          text[] NOT NULL DEFAULT '{}',
  price              integer,
  available          boolean NOT NULL DEFAULT true,
  -- A deleted dish stays as a blank tombstone, so that an older event arriving late cannot bring it back.
  deleted            boolean NOT NULL DEFAULT false,
  version_time       timestamptz NOT NULL,
  version_event      text COLLATE "C" NOT NULL,
  restaurant_name    text NOT NULL DEFAULT '',
  cuisines           text[] NOT NULL DEFAULT '{}',
  latitude           double precision,
  longitude          double precision,
  delivery_radius_km double precision,
  time_zone          text,
  open_week          int4multirange NOT NULL DEFAULT '{}',
  rating_average     double precision NOT NULL DEFAULT 0,
  rating_count       integer NOT NULL DEFAULT 0,
  restaurant_visible boolean NOT NULL DEFAULT false,
  -- Only these are ever found: a dish on sale at an active restaurant whose switch is on.
  visible            boolean GENERATED ALWAYS AS (
                       restaurant_visible AND (kind = 'restaurant' OR (available AND NOT deleted))) STORED,
  PRIMARY KEY (kind, id)
);
-- A text's documents in result order: the join from matching texts, and its count, read this index.
CREATE INDEX documents_text_idx ON search.documents
  (text_id, rating_average DESC, rating_count DESC, kind DESC, name_key, id) WHERE visible;
CREATE INDEX documents_restaurant_idx ON search.documents (restaurant_id);
CREATE INDEX documents_name_key_idx ON search.documents (kind, name_key) WHERE visible;
CREATE INDEX documents_cuisines_idx ON search.documents USING gin (cuisines) WHERE visible;
CREATE INDEX documents_rating_idx ON search.documents
  (rating_average DESC, rating_count DESC, kind DESC, name_key, id) WHERE visible;
CREATE INDEX documents_price_idx ON search.documents (price) WHERE visible AND kind = 'dish';

-- Every word the documents contain, with its English lexeme (NULL for a stop word): a query word that
-- is not here is looked up by trigram similarity, so "biriyani" searches for "biryani".
CREATE TABLE search.words (
  word   text PRIMARY KEY,
  lexeme text
);
CREATE INDEX words_trgm_idx ON search.words USING gin (word gin_trgm_ops);
CREATE INDEX words_lexeme_idx ON search.words (lexeme);

-- What autocomplete offers: dish names, restaurant names and cuisines, one row per distinct key. A row
-- outlives the documents it came from; suggest checks that a visible document still bears it.
CREATE TABLE search.suggestions (
  kind text NOT NULL CHECK (kind IN ('dish', 'restaurant', 'cuisine')),
  norm text NOT NULL,
  text text NOT NULL,
  PRIMARY KEY (kind, norm)
);
CREATE INDEX suggestions_trgm_idx ON search.suggestions USING gin (norm gin_trgm_ops);
CREATE INDEX suggestions_prefix_idx ON search.suggestions (norm text_pattern_ops);

-- The zones restaurants are in: open-now computes each one's current minute of the week.
CREATE TABLE search.time_zones (
  time_zone text PRIMARY KEY
);
