import type { Promotion } from '../api/types';
import { formatMoney } from '../lib/money';
import { formatDateTime } from '../lib/time';

/** "20% off (up to ₹100.00)", "₹50.00 off". */
export function offerWords(offer: Promotion): string {
  if (offer.kind === 'PERCENT') {
    const cap = offer.maxDiscount ? ` (up to ${formatMoney(offer.maxDiscount)})` : '';
    return `${offer.percentOff ?? 0}% off${cap}`;
  }
  return `${formatMoney(offer.amountOff)} off`;
}

const STATUS_WORDS: Record<Promotion['status'], string> = {
  ACTIVE: 'Running',
  SCHEDULED: 'Not started',
  EXPIRED: 'Ended',
  INACTIVE: 'Switched off',
};

/** One offer: what it gives, its code, where and until when. */
export function OfferCard({
  offer,
  where,
  showStatus,
}: {
  offer: Promotion;
  where?: string;
  showStatus?: boolean;
}) {
  return (
    <li className="card offer" data-promotion-id={offer.id}>
      <header className="row spread">
        <h3>{offer.title}</h3>
        {showStatus ? (
          <span className={offer.status === 'ACTIVE' ? 'badge ok' : 'badge'}>
            {STATUS_WORDS[offer.status]}
          </span>
        ) : null}
      </header>
      <p>
        <strong>{offerWords(offer)}</strong>
        {offer.minimumOrder ? ` on orders of ${formatMoney(offer.minimumOrder)} or more` : ''}
        {where ? ` at ${where}` : ''}
      </p>
      {offer.description ? <p className="muted">{offer.description}</p> : null}
      <p>
        {offer.code ? (
          <>
            Code <code className="code">{offer.code}</code>{' '}
          </>
        ) : null}
        <span className="muted">
          {offer.status === 'SCHEDULED' ? `from ${formatDateTime(offer.startsAt)} ` : ''}until{' '}
          {formatDateTime(offer.endsAt)}
          {offer.maxRedemptions ? ` · ${offer.redeemed} of ${offer.maxRedemptions} used` : ''}
        </span>
      </p>
    </li>
  );
}
