// A restaurant admin's new offer: percent or fixed amount off, optionally behind a code, for a window.
import { useState, type FormEvent } from 'react';
import { promotions } from '../api/endpoints';
import type { CreatePromotionBody, Money, Promotion, PromotionKind } from '../api/types';
import { ErrorMessage } from '../components/error-message';
import { parseRupees } from '../lib/money';

const CODE = /^[A-Za-z0-9_-]{3,32}$/;
const DAY_MS = 24 * 3600_000;

/** `datetime-local` wants local time without a zone: 2025-03-01T18:30. */
function localInput(at: Date): string {
  const shifted = new Date(at.getTime() - at.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}

const inr = (amount: number): Money => ({ amount, currency: 'INR' });

interface Fields {
  title: string;
  description: string;
  code: string;
  kind: PromotionKind;
  percentOff: string;
  amountOff: string;
  maxDiscount: string;
  minimumOrder: string;
  startsAt: string;
  endsAt: string;
  maxRedemptions: string;
  perCustomerLimit: string;
}

const blank = (): Fields => ({
  title: '',
  description: '',
  code: '',
  kind: 'PERCENT',
  percentOff: '',
  amountOff: '',
  maxDiscount: '',
  minimumOrder: '',
  startsAt: localInput(new Date()),
  endsAt: localInput(new Date(Date.now() + 7 * DAY_MS)),
  maxRedemptions: '',
  perCustomerLimit: '',
});

/** The body to send, or the first mistake in words (checked here so the answer is never a schema error). */
export function promotionBody(restaurantId: string, f: Fields): CreatePromotionBody | string {
  if (f.title.trim() === '') return 'Give the offer a title.';
  const code = f.code.trim();
  if (code !== '' && !CODE.test(code)) return 'A code is 3 to 32 letters, digits, - or _ (no spaces).';
  const body: CreatePromotionBody = {
    restaurantId,
    title: f.title.trim(),
    description: f.description.trim(),
    kind: f.kind,
    startsAt: '',
    endsAt: '',
  };
  if (code !== '') body.code = code.toUpperCase();
  if (f.kind === 'PERCENT') {
    const percent = Number(f.percentOff);
    if (!Number.isInteger(percent) || percent < 1 || percent > 100)
      return 'Percent off is a whole number from 1 to 100.';
    body.percentOff = percent;
    if (f.maxDiscount.trim() !== '') {
      const cap = parseRupees(f.maxDiscount);
      if (cap === undefined) return 'Write the largest discount in rupees, like 100 or 99.50.';
      body.maxDiscount = inr(cap);
    }
  } else {
    const off = parseRupees(f.amountOff);
    if (off === undefined) return 'Write the amount off in rupees, like 50 or 49.50.';
    body.amountOff = inr(off);
  }
  if (f.minimumOrder.trim() !== '') {
    const minimum = parseRupees(f.minimumOrder);
    if (minimum === undefined) return 'Write the minimum order in rupees, like 300.';
    body.minimumOrder = inr(minimum);
  }
  const starts = new Date(f.startsAt);
  const ends = new Date(f.endsAt);
  if (Number.isNaN(starts.getTime())) return 'Choose when the offer starts.';
  if (Number.isNaN(ends.getTime())) return 'Choose when the offer ends.';
  if (ends <= starts) return 'The offer must end after it starts.';
  body.startsAt = starts.toISOString();
  body.endsAt = ends.toISOString();
  for (const [name, text, words] of [
    ['maxRedemptions', f.maxRedemptions, 'Uses in all'],
    ['perCustomerLimit', f.perCustomerLimit, 'Uses per customer'],
  ] as const) {
    if (text.trim() === '') continue;
    const count = Number(text);
    if (!Number.isInteger(count) || count < 1) return `${words} is a whole number, at least 1.`;
    body[name] = count;
  }
  return body;
}

export function PromotionForm({
  restaurantId,
  onCreated,
}: {
  restaurantId: string;
  onCreated(p: Promotion): void;
}) {
  const [fields, setFields] = useState<Fields>(blank);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);
  const set = (name: keyof Fields) => (e: { target: { value: string } }) =>
    setFields((current) => ({ ...current, [name]: e.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setDone(undefined);
    const body = promotionBody(restaurantId, fields);
    if (typeof body === 'string') {
      setError(new Error(body));
      return;
    }
    setBusy(true);
    try {
      const created = await promotions.create(body);
      setDone(`Offer created${created.code ? `: customers use the code ${created.code}` : ''}.`);
      setFields(blank());
      onCreated(created);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card stack promotion-form" aria-label="New offer" onSubmit={submit} noValidate>
      <h3>New offer</h3>
      <div className="form-grid">
        <label>
          Title
          <input value={fields.title} onChange={set('title')} placeholder="e.g. Weekend feast" required />
        </label>
        <label>
          Code (optional)
          <input
            value={fields.code}
            onChange={set('code')}
            autoCapitalize="characters"
            placeholder="e.g. FEAST20"
          />
        </label>
        <label className="wide">
          Description
          <input value={fields.description} onChange={set('description')} />
        </label>
        <fieldset className="wide">
          <legend>Discount</legend>
          <div className="row">
            <label className="check">
              <input
                type="radio"
                name="kind"
                checked={fields.kind === 'PERCENT'}
                onChange={() => setFields({ ...fields, kind: 'PERCENT' })}
              />
              Percentage
            </label>
            <label className="check">
              <input
                type="radio"
                name="kind"
                checked={fields.kind === 'FIXED'}
                onChange={() => setFields({ ...fields, kind: 'FIXED' })}
              />
              Fixed amount
            </label>
          </div>
          {fields.kind === 'PERCENT' ? (
            <div className="row">
              <label>
                Percent off
                <input inputMode="numeric" value={fields.percentOff} onChange={set('percentOff')} size={5} />
              </label>
              <label>
                Largest discount (₹, optional)
                <input
                  inputMode="decimal"
                  value={fields.maxDiscount}
                  onChange={set('maxDiscount')}
                  size={8}
                />
              </label>
            </div>
          ) : (
            <label>
              Amount off (₹)
              <input inputMode="decimal" value={fields.amountOff} onChange={set('amountOff')} size={8} />
            </label>
          )}
        </fieldset>
        <label>
          Minimum order (₹, optional)
          <input inputMode="decimal" value={fields.minimumOrder} onChange={set('minimumOrder')} />
        </label>
        <label>
          Starts
          <input type="datetime-local" value={fields.startsAt} onChange={set('startsAt')} />
        </label>
        <label>
          Ends
          <input type="datetime-local" value={fields.endsAt} onChange={set('endsAt')} />
        </label>
        <label>
          Uses in all (optional)
          <input inputMode="numeric" value={fields.maxRedemptions} onChange={set('maxRedemptions')} />
        </label>
        <label>
          Uses per customer (optional)
          <input inputMode="numeric" value={fields.perCustomerLimit} onChange={set('perCustomerLimit')} />
        </label>
      </div>
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          Create offer
        </button>
      </div>
      {done ? (
        <p className="ok" role="status">
          {done}
        </p>
      ) : null}
      <ErrorMessage error={error} />
    </form>
  );
}
