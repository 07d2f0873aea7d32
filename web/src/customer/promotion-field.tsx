import { useState } from 'react';
import { isMissingRoute } from '../api/client';
import { promotions, type PromotionQuote } from '../api/endpoints';
import type { Money } from '../api/types';
import { ErrorMessage } from '../components/error-message';
import { formatMoney } from '../lib/money';

interface Props {
  restaurantId: string;
  subtotal: Money;
  quote: PromotionQuote | undefined;
  onQuote(quote: PromotionQuote | undefined, code: string | undefined): void;
}

/** A promotion code, priced before the order with POST /api/promotions/quote. */
export function PromotionField({ restaurantId, subtotal, quote, onQuote }: Props) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>();
  const [note, setNote] = useState<string>();

  const apply = async () => {
    setError(undefined);
    setNote(undefined);
    const wanted = code.trim();
    if (wanted === '') return;
    try {
      onQuote(await promotions.quote(wanted, restaurantId, subtotal), wanted);
    } catch (failure) {
      if (isMissingRoute(failure)) {
        setNote('Promotions are not available yet: the code will be checked when you place the order.');
        onQuote(undefined, wanted);
      } else {
        setError(failure);
        onQuote(undefined, undefined);
      }
    }
  };

  return (
    <fieldset>
      <legend>Promotion code</legend>
      <div className="row">
        <label className="grow">
          Code
          <input
            value={code}
            autoCapitalize="characters"
            onChange={(e) => setCode(e.target.value)}
            placeholder="e.g. WELCOME50"
          />
        </label>
        <button type="button" onClick={apply}>
          Apply
        </button>
        {quote !== undefined || note !== undefined ? (
          <button
            type="button"
            onClick={() => {
              setCode('');
              setNote(undefined);
              onQuote(undefined, undefined);
            }}
          >
            Remove
          </button>
        ) : null}
      </div>
      {quote ? (
        <p className="ok" role="status">
          {quote.title}: {formatMoney(quote.discount)} off
        </p>
      ) : null}
      {note ? <p className="muted">{note}</p> : null}
      <ErrorMessage error={error} />
    </fieldset>
  );
}
