/** A restaurant's rating: the mean of its reviews' stars, and how many there are. */
export interface Rating {
  average: number;
  count: number;
}

/**
 * The rating with one more review. An imported restaurant starts from its given average and count, so the
 * new review is weighed against all of them (the sum is average × count), not only the reviews kept here.
 */
export function addReview(current: Rating, stars: number): Rating {
  const count = current.count + 1;
  return { average: (current.average * current.count + stars) / count, count };
}
