// Search results (GET /api/search) with filters and pages; the state is the URL's (see search-params).
import { useMemo } from 'react';
import { isMissingRoute } from '../api/client';
import { restaurants, search } from '../api/endpoints';
import type { SearchHit } from '../api/types';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { Highlighted } from '../lib/highlight';
import { formatMoney } from '../lib/money';
import { Link, navigate, useLocation } from '../lib/router';
import { useAsync } from '../lib/use-async';
import { SearchFilters, titleCase, words } from './search-filters';
import { readSearch, searchHref, toQuery, type SearchState } from './search-params';
import { useDefaultAddress } from './use-default-address';

export function SearchPage() {
  const location = useLocation();
  const href = `${location.path}?${location.search.toString()}`;
  const state = useMemo(() => readSearch(location.search), [href]);
  const home = useDefaultAddress();
  // Nearness waits for the address book; without it, the search runs at once.
  const waiting = state.near !== '' && home === undefined;
  const query = toQuery(state, home ?? undefined);
  const results = useAsync(
    () => (waiting ? Promise.resolve(undefined) : search.find(query)),
    [JSON.stringify(query), waiting],
  );
  const all = useAsync(() => restaurants.list({}), []);
  const cuisines = useMemo(
    () => [...new Set((all.data?.content ?? []).flatMap((r) => r.cuisines))].sort(),
    [all.data],
  );
  const update = (next: SearchState) => navigate(searchHref(next), { replace: true, keepScroll: true });

  if (isMissingRoute(results.error)) {
    return (
      <section>
        <h1>Search</h1>
        <p className="muted" role="status">
          Search is not available on this deployment yet. Browse the{' '}
          <Link to="/restaurants">restaurants</Link> instead.
        </p>
      </section>
    );
  }
  const page = results.data;
  return (
    <section className="search-layout">
      <div className="search-head">
        <h1>{state.q ? `Results for “${state.q}”` : 'Search'}</h1>
        <p className="muted" role="status" aria-live="polite" data-testid="result-count">
          {page ? countWords(page.totalElements) : ''}
        </p>
      </div>
      <aside aria-label="Search filters">
        <SearchFilters state={state} cuisines={cuisines} home={home} onChange={update} />
      </aside>
      <div className="search-results">
        <ErrorMessage error={results.error} />
        {page === undefined && results.error === undefined ? <Loading what="results" /> : null}
        {page && page.content.length === 0 ? (
          <p className="muted">Nothing matches. Try fewer filters or another spelling.</p>
        ) : null}
        <ul className="plain stack" aria-label="Search results">
          {page?.content.map((hit) => (
            <HitCard key={`${hit.kind}-${hit.id}`} hit={hit} />
          ))}
        </ul>
        {page && page.totalPages > 1 ? (
          <nav className="pager row spread" aria-label="Result pages">
            <button
              type="button"
              disabled={state.page === 0}
              onClick={() => navigate(searchHref({ ...state, page: state.page - 1 }))}
            >
              Previous page
            </button>
            <span>
              Page {state.page + 1} of {page.totalPages}
            </span>
            <button
              type="button"
              disabled={state.page + 1 >= page.totalPages}
              onClick={() => navigate(searchHref({ ...state, page: state.page + 1 }))}
            >
              Next page
            </button>
          </nav>
        ) : null}
      </div>
    </section>
  );
}

const countWords = (n: number) => (n === 1 ? '1 result' : `${n} results`);

function HitCard({ hit }: { hit: SearchHit }) {
  const dish = hit.kind === 'dish';
  return (
    <li className="card hit" data-kind={hit.kind} data-id={hit.id}>
      <div className="row spread">
        <h2>
          <Link
            to={dish ? `/restaurants/${hit.restaurantId}#item-${hit.id}` : `/restaurants/${hit.restaurantId}`}
          >
            <Highlighted html={hit.highlight.name} />
          </Link>
        </h2>
        {dish && hit.price ? <span className="price">{formatMoney(hit.price)}</span> : null}
      </div>
      <p className="muted">
        {dish ? `Dish at ${hit.restaurantName} · ` : 'Restaurant · '}
        {hit.cuisines.map(titleCase).join(' · ')} · ★ {hit.rating.average.toFixed(1)}
        {hit.distanceKm !== undefined ? ` · ${hit.distanceKm.toFixed(1)} km away` : ''}{' '}
        <span className={hit.openNow ? 'badge ok' : 'badge off'}>{hit.openNow ? 'Open' : 'Closed'}</span>
      </p>
      {hit.highlight.description ? (
        <p>
          <Highlighted html={hit.highlight.description} />
        </p>
      ) : null}
      {dish && (hit.dietaryTags?.length ?? 0) + (hit.allergens?.length ?? 0) > 0 ? (
        <p className="tags">
          {hit.dietaryTags?.map((tag) => (
            <span key={tag} className="tag">
              {words(tag)}
            </span>
          ))}
          {hit.allergens && hit.allergens.length > 0 ? (
            <span className="muted small"> contains {hit.allergens.map(words).join(', ')}</span>
          ) : null}
        </p>
      ) : null}
    </li>
  );
}
