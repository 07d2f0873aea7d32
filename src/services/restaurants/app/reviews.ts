import { isUniqueViolation } from '../../../platform/db/sql-errors.js';
import { AppError, hasCode } from '../../../platform/errors/app-error.js';
import type { Principal } from '../../../platform/http/principal.js';
import { AuthErrors } from '../../auth/index.js';
import {
  RestaurantsErrors,
  type ReviewBody,
  type ReviewPage,
  type ReviewsQuery,
  type ReviewView,
} from '../contract.js';
import { addReview } from '../domain/rating.js';
import { changeRestaurant, profileChange } from './change-restaurant.js';
import type { RestaurantsContext } from './context.js';
import type { ReviewRecord } from './ports.js';
import { requireVisible } from './restaurant-access.js';

/**
 * Reviews an order of this restaurant that was DELIVERED or PICKED_UP, by its customer, once. The review,
 * the new rating and its RestaurantProfileUpdated commit together under the restaurant's row lock (which
 * also serialises two reviews of one order), and the cached detail is dropped once they have.
 */
export async function postReview(
  ctx: RestaurantsContext,
  principal: Principal,
  restaurantId: string,
  body: ReviewBody,
): Promise<ReviewView> {
  await requireVisible(ctx, principal, restaurantId);
  // Eligibility never changes once recorded, so it can be read before the transaction.
  const eligible = await ctx.store.findEligibility(body.orderId);
  if (
    eligible === undefined ||
    eligible.restaurantId !== restaurantId ||
    eligible.customerId !== principal.userId
  ) {
    // One answer for every case, so that nobody learns about another customer's orders.
    throw new AppError(
      RestaurantsErrors.REVIEW_NOT_ALLOWED,
      'Only an order of yours from this restaurant that was delivered or picked up can be reviewed.',
    );
  }
  const reviewerName = await reviewerNameOf(ctx, principal.userId);

  const review: ReviewRecord = {
    id: ctx.ids.next(),
    restaurantId,
    orderId: body.orderId,
    customerId: principal.userId,
    reviewerName,
    rating: body.rating,
    comment: body.comment?.trim() || null,
    createdAt: ctx.clock.now(),
  };
  try {
    await changeRestaurant(ctx, restaurantId, async (current, now, repo) => {
      if (await repo.hasReview(review.orderId)) throw alreadyReviewed();
      await repo.insertReview(review);
      return profileChange(ctx, () => ({ rating: addReview(current.rating, review.rating) }))(
        current,
        now,
        repo,
      );
    });
  } catch (error) {
    // The unique key on the order is the last word should the check above ever be bypassed.
    if (isUniqueViolation(error)) throw alreadyReviewed();
    throw error;
  }
  ctx.log.info({ restaurantId, reviewId: review.id, rating: review.rating }, 'review posted');
  return toReviewView(review);
}

/** A restaurant's reviews, newest first; public for a public restaurant. */
export async function listReviews(
  ctx: RestaurantsContext,
  principal: Principal | undefined,
  restaurantId: string,
  query: ReviewsQuery,
): Promise<ReviewPage> {
  await requireVisible(ctx, principal, restaurantId);
  const { page, size } = query;
  const { reviews, total } = await ctx.store.listReviews(restaurantId, { offset: page * size, limit: size });
  return {
    content: reviews.map(toReviewView),
    page,
    size,
    totalElements: total,
    totalPages: Math.ceil(total / size),
  };
}

/** The name shown with the review, taken when it is written so that listing needs no call to auth. */
async function reviewerNameOf(ctx: RestaurantsContext, userId: string): Promise<string | null> {
  try {
    return (await ctx.auth.getAccount(userId)).name;
  } catch (error) {
    // A signed-in caller whose account is gone still has a valid token for a while: review without a name.
    if (hasCode(error, AuthErrors.ACCOUNT_NOT_FOUND)) return null;
    throw error;
  }
}

function alreadyReviewed(): AppError {
  return new AppError(RestaurantsErrors.ALREADY_REVIEWED, 'This order has already been reviewed.');
}

function toReviewView(review: ReviewRecord): ReviewView {
  return {
    id: review.id,
    restaurantId: review.restaurantId,
    rating: review.rating,
    ...(review.comment === null ? {} : { comment: review.comment }),
    ...(review.reviewerName === null ? {} : { reviewerName: review.reviewerName }),
    createdAt: review.createdAt.toISOString(),
  };
}
