import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { me, orders, type PromotionQuote } from '../api/endpoints';
import type { Payment, PlaceOrderBody } from '../api/types';
import { ErrorMessage } from '../components/error-message';
import { Link, navigate } from '../lib/router';
import { randomKey } from '../lib/random-key';
import { useAsync } from '../lib/use-async';
import { AddressChooser, type AddressChoice } from './address-chooser';
import { CartPanel } from './cart-panel';
import { cartSubtotal, clearCart, useCart } from './cart';
import { OrderSummary } from './order-summary';
import { PaymentChooser } from './payment-chooser';
import { PromotionField } from './promotion-field';

export function CheckoutPage() {
  const cart = useCart();
  const addresses = useAsync(() => me.addresses(), []);
  const [fulfillment, setFulfillment] = useState<'DELIVERY' | 'PICKUP'>('DELIVERY');
  const [address, setAddress] = useState<AddressChoice>();
  const [payment, setPayment] = useState<Payment>({ method: 'CARD', token: 'tok_visa' });
  const [quote, setQuote] = useState<PromotionQuote>();
  const [promotionCode, setPromotionCode] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [promotionRefused, setPromotionRefused] = useState(false);
  const [busy, setBusy] = useState(false);
  const subtotal = cartSubtotal(cart);

  useEffect(() => {
    // The default address is chosen for the person; they can pick another or type a new one.
    const preferred = addresses.data?.find((a) => a.isDefault) ?? addresses.data?.[0];
    if (address === undefined && preferred !== undefined) setAddress({ kind: 'saved', id: preferred.id });
  }, [addresses.data, address]);

  if (cart.restaurantId === null || cart.lines.length === 0) {
    return (
      <section className="card narrow">
        <h1>Checkout</h1>
        <p>Your cart is empty.</p>
        <Link to="/restaurants">Find a restaurant</Link>
      </section>
    );
  }
  const restaurantId = cart.restaurantId;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setPromotionRefused(false);
    const body: PlaceOrderBody = {
      restaurantId,
      items: cart.lines.map((line) => ({ menuItemId: line.menuItemId, quantity: line.quantity })),
      fulfillment,
      payment,
      ...(promotionCode === undefined ? {} : { promotionCode }),
    };
    if (fulfillment === 'DELIVERY') {
      if (address === undefined) {
        setError(new Error('Choose where to deliver, or switch to pickup.'));
        return;
      }
      if (address.kind === 'saved') body.addressId = address.id;
      else body.deliveryAddress = address.address;
    }
    setBusy(true);
    try {
      const placed = await orders.place(body, randomKey());
      clearCart();
      navigate(`/orders/${placed.orderId}`);
    } catch (failure) {
      setError(failure);
      setPromotionRefused(promotionCode !== undefined && refusesPromotion(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="with-side">
      <form className="main stack" onSubmit={submit} aria-label="Checkout">
        <h1>Checkout</h1>
        <fieldset>
          <legend>How do you want it?</legend>
          <label className="check">
            <input
              type="radio"
              name="fulfillment"
              checked={fulfillment === 'DELIVERY'}
              onChange={() => setFulfillment('DELIVERY')}
            />
            Delivery
          </label>
          <label className="check">
            <input
              type="radio"
              name="fulfillment"
              checked={fulfillment === 'PICKUP'}
              onChange={() => setFulfillment('PICKUP')}
            />
            I will pick it up
          </label>
        </fieldset>
        {fulfillment === 'DELIVERY' ? (
          <AddressChooser saved={addresses.data ?? []} choice={address} onChange={setAddress} />
        ) : null}
        <PaymentChooser payment={payment} onChange={setPayment} />
        <PromotionField
          restaurantId={restaurantId}
          subtotal={subtotal}
          quote={quote}
          onQuote={(next, code) => {
            setQuote(next);
            setPromotionCode(code);
          }}
        />
        <OrderSummary subtotal={subtotal} discount={quote?.discount} promotionCode={quote?.code} />
        <ErrorMessage error={error} />
        {promotionRefused ? (
          <p className="muted">The promotion code was refused. Remove it to order without the discount.</p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Placing your order…' : 'Place order'}
        </button>
      </form>
      <CartPanel checkout={false} />
    </div>
  );
}

/** A refusal about the code itself (the promotions codes, or an orders service that does not take one yet). */
function refusesPromotion(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  return error.code.startsWith('PROMOTIONS.') || /promotion/i.test(error.message);
}
