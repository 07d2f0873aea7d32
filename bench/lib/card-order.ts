/** The body of the order the benchmarks place: two dishes delivered in Bengaluru, paid by card. */
export function cardOrderBody(restaurantId: string, menuItemIds: readonly string[]) {
  return {
    restaurantId,
    items: [
      { menuItemId: menuItemIds[0], quantity: 2 },
      { menuItemId: menuItemIds[1], quantity: 1 },
    ],
    fulfillment: 'DELIVERY',
    deliveryAddress: {
      line1: '14 Church Street',
      city: 'Bengaluru',
      postcode: '560001',
      latitude: 12.9752,
      longitude: 77.6057,
    },
    payment: { method: 'CARD', token: 'tok_visa' },
  };
}
