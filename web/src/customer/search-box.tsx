// The header's search box: an ARIA combobox with a suggestion list (GET /api/search/suggest) that arrows,
// Enter and Escape drive; Enter without a suggestion chosen searches what was typed.
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { search } from '../api/endpoints';
import type { Suggestion } from '../api/types';
import { Highlighted } from '../lib/highlight';
import { navigate, useLocation } from '../lib/router';
import { useDebounced } from '../lib/use-debounced';
import { readSearch, searchHref } from './search-params';

const KIND_WORDS: Record<Suggestion['kind'], string> = {
  dish: 'dish',
  restaurant: 'restaurant',
  cuisine: 'cuisine',
};

export function SearchBox() {
  const location = useLocation();
  const onSearchPage = location.path === '/search';
  const urlQ = onSearchPage ? (location.search.get('q') ?? '') : '';
  const [text, setText] = useState(urlQ);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const typed = useDebounced(text.trim(), 120);
  const listId = useId();
  const optionId = (i: number) => `${listId}-option-${i}`;

  // The box shows what the results page searched for (after a back or a link), and is cleared elsewhere.
  useEffect(() => {
    setText(urlQ);
    setOpen(false);
  }, [urlQ, location.path]);

  useEffect(() => {
    if (typed === '' || !open) {
      setSuggestions([]);
      return undefined;
    }
    const controller = new AbortController();
    search.suggest(typed, controller.signal).then(
      (answer) => {
        setSuggestions(answer.suggestions);
        setActive(-1);
      },
      (failure: unknown) => {
        if (failure instanceof DOMException && failure.name === 'AbortError') return;
        // Search not deployed, or failing: the box still submits; the results page says what is wrong.
        setSuggestions([]);
      },
    );
    return () => controller.abort();
  }, [typed, open]);

  const showList = open && suggestions.length > 0;

  const go = (href: string) => {
    setOpen(false);
    setActive(-1);
    navigate(href);
  };
  /** A new query keeps the filters already chosen on the results page, from its first page. */
  const searchFor = (q: string) => {
    const current = onSearchPage ? readSearch(location.search) : {};
    go(searchHref({ ...current, q, page: 0 }));
  };
  const choose = (suggestion: Suggestion) => {
    if (suggestion.kind === 'cuisine') {
      setText('');
      go(searchHref({ cuisine: suggestion.text }));
    } else {
      setText(suggestion.text);
      searchFor(suggestion.text);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const count = suggestions.length;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!open) setOpen(true);
        if (count > 0) setActive((i) => (i + 1) % count);
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (!open) setOpen(true);
        if (count > 0) setActive((i) => (i <= 0 ? count - 1 : i - 1));
        break;
      case 'Enter': {
        event.preventDefault();
        const chosen = showList && active >= 0 ? suggestions[active] : undefined;
        if (chosen) choose(chosen);
        else if (text.trim() !== '') searchFor(text.trim());
        break;
      }
      case 'Escape':
        if (showList) {
          event.preventDefault();
          setOpen(false);
          setActive(-1);
        } else if (text !== '') {
          event.preventDefault();
          setText('');
        }
        break;
      default:
        break;
    }
  };

  return (
    <form
      role="search"
      className="search-box"
      aria-label="Search"
      onSubmit={(event) => {
        event.preventDefault();
        if (text.trim() !== '') searchFor(text.trim());
      }}
    >
      <label htmlFor={`${listId}-input`} className="sr-only">
        Search dishes and restaurants
      </label>
      <div className="combo">
        <input
          id={`${listId}-input`}
          type="search"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={showList}
          aria-controls={listId}
          aria-activedescendant={showList && active >= 0 ? optionId(active) : undefined}
          autoComplete="off"
          spellCheck={false}
          placeholder="Search dishes, restaurants, cuisines"
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setOpen(true);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setOpen(false)}
        />
        <ul id={listId} role="listbox" aria-label="Suggestions" className="suggestions" hidden={!showList}>
          {suggestions.map((suggestion, i) => (
            <li
              key={`${suggestion.kind}-${suggestion.text}`}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              // Keeps the focus in the box, so the click lands before the blur closes the list.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(suggestion)}
            >
              <span className="grow">
                <Highlighted html={suggestion.highlight} />
              </span>
              <span className="kind">{KIND_WORDS[suggestion.kind]}</span>
            </li>
          ))}
        </ul>
      </div>
      <button type="submit">Search</button>
      <span className="sr-only" role="status" aria-live="polite">
        {showList ? `${suggestions.length} suggestions; use the arrow keys to choose` : ''}
      </span>
    </form>
  );
}
