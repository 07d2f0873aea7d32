// A menu item's photo: upload (POST /api/storage/upload), then point the item at it (PATCH imageUrl).
import { useRef, useState, type ChangeEvent } from 'react';
import { ApiError, isMissingRoute } from '../api/client';
import { menu, storage } from '../api/endpoints';
import type { MenuItem } from '../api/types';
import { ErrorMessage } from '../components/error-message';
import { shownImage } from '../lib/images';

const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp'];

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(bytes < 1_048_576 ? 1 : 0)} MB`;

/** The upload's refusal in words, with the size limit when the server says it. */
function uploadError(failure: unknown): unknown {
  if (isMissingRoute(failure)) return new Error('Photo uploads are not available on this deployment yet.');
  if (failure instanceof ApiError && failure.code === 'STORAGE.FILE_TOO_LARGE') {
    const max = failure.details?.maxBytes;
    if (typeof max === 'number')
      return new Error(`This file is too large: a photo may be at most ${megabytes(max)}.`);
  }
  return failure;
}

export function ItemPhoto({ item, onSaved }: { item: MenuItem; onSaved(): void }) {
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState<string>();
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const image = shownImage(item.imageUrl);

  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    try {
      await work();
      setSaved(done);
      onSaved();
    } catch (failure) {
      setError(uploadError(failure));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file === undefined) return;
    // A file the browser already knows is no image is refused here; the server checks the bytes anyway.
    if (file.type !== '' && !ACCEPTED.includes(file.type)) {
      setSaved(undefined);
      setError(
        new Error('This file is not an image SattzaBite can show. Choose a JPEG, PNG or WebP picture.'),
      );
      if (input.current) input.current.value = '';
      return;
    }
    void run(async () => {
      const stored = await storage.upload('MENU_ITEM_IMAGE', item.id, file);
      await menu.setImage(item.id, stored.url);
    }, 'Photo saved');
  };

  return (
    <div className="item-photo">
      {image ? (
        <img src={image} alt={`Photo of ${item.name}`} className="thumb" width={72} height={72} />
      ) : (
        <span className="thumb empty" aria-hidden="true">
          No photo
        </span>
      )}
      <label className="file-button">
        {image ? 'Change photo' : 'Add photo'}
        <span className="sr-only"> of {item.name}</span>
        <input
          ref={input}
          type="file"
          accept={ACCEPTED.join(',')}
          onChange={choose}
          disabled={busy}
          className="sr-only"
        />
      </label>
      {image ? (
        <button
          type="button"
          className="link"
          disabled={busy}
          onClick={() => run(() => menu.setImage(item.id, null), 'Photo removed')}
        >
          Remove photo<span className="sr-only"> of {item.name}</span>
        </button>
      ) : null}
      {busy ? (
        <span className="muted" role="status">
          Uploading…
        </span>
      ) : null}
      {saved ? (
        <span className="ok" role="status">
          {saved}
        </span>
      ) : null}
      <ErrorMessage error={error} />
    </div>
  );
}
