/**
 * Customer-level co-occurrence: two items are "ordered together" once per customer who has ordered both,
 * in any orders. When an order brings a customer items they never had, each new item pairs with every
 * item they had before and with the other new ones, in both directions. Items they already had pair with
 * nothing new: that customer was counted for those pairs already. So the counts are exact sets of
 * customers, and the same whatever order the orders arrive in.
 */
export function newPairs(
  alreadyOrdered: readonly string[],
  ordered: readonly string[],
): Array<{ a: string; b: string }> {
  const before = new Set(alreadyOrdered);
  const fresh = [...new Set(ordered)].filter((item) => !before.has(item));
  const pairs: Array<{ a: string; b: string }> = [];
  for (const item of fresh) {
    for (const other of before) pairs.push({ a: item, b: other }, { a: other, b: item });
  }
  for (let i = 0; i < fresh.length; i += 1) {
    for (let j = i + 1; j < fresh.length; j += 1) {
      const a = fresh[i]!;
      const b = fresh[j]!;
      pairs.push({ a, b }, { a: b, b: a });
    }
  }
  return pairs.sort((x, y) => (x.a === y.a ? cmp(x.b, y.b) : cmp(x.a, y.a)));
}

/** The items of `ordered` the customer never had before. */
export function newItems(alreadyOrdered: readonly string[], ordered: readonly string[]): string[] {
  const before = new Set(alreadyOrdered);
  return [...new Set(ordered)].filter((item) => !before.has(item)).sort(cmp);
}

/** How alike two items' customer sets are (cosine): shared customers over the geometric mean of both. */
export function similarity(together: number, customersOfA: number, customersOfB: number): number {
  if (together <= 0 || customersOfA <= 0 || customersOfB <= 0) return 0;
  return Math.min(1, together / Math.sqrt(customersOfA * customersOfB));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
