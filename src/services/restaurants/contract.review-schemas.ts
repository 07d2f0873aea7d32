import { Type, type Static } from 'typebox';

/** The review routes' schemas. Part of the public contract (re-exported by contract.ts). */

export const MAX_REVIEW_COMMENT = 1000;

/** `POST /api/restaurants/{id}/reviews`: one review per delivered or picked-up order, by its customer. */
export const ReviewBody = Type.Object(
  {
    orderId: Type.String({ format: 'uuid' }),
    rating: Type.Integer({ minimum: 1, maximum: 5 }),
    comment: Type.Optional(Type.String({ maxLength: MAX_REVIEW_COMMENT })),
  },
  { additionalProperties: false },
);
export type ReviewBody = Static<typeof ReviewBody>;

/** A public review: neither the order nor the reviewer's account is shown, only their name. */
export const ReviewView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  restaurantId: Type.String({ format: 'uuid' }),
  rating: Type.Integer({ minimum: 1, maximum: 5 }),
  /** Absent when the reviewer wrote none. */
  comment: Type.Optional(Type.String()),
  /** The reviewer's name when they wrote the review; absent when it was not known. */
  reviewerName: Type.Optional(Type.String()),
  createdAt: Type.String({ description: 'an ISO-8601 instant' }),
});
export type ReviewView = Static<typeof ReviewView>;

export const ReviewsQuery = Type.Object(
  {
    page: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
    size: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  { additionalProperties: false },
);
export type ReviewsQuery = Static<typeof ReviewsQuery>;

/** Newest first. */
export const ReviewPage = Type.Object({
  content: Type.Array(ReviewView),
  page: Type.Integer(),
  size: Type.Integer(),
  totalElements: Type.Integer(),
  totalPages: Type.Integer(),
});
export type ReviewPage = Static<typeof ReviewPage>;
