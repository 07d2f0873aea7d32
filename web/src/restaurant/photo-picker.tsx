// A photo of a dish or of a restaurant: upload (POST /api/storage/upload), then point its owner at it.
import { useRef, useState, type ChangeEvent } from 'react';
import { ApiError, isMissingRoute } from '../api/client';
import { menu, restaurants, storage } from '../api/endpoints';
import type { MenuItem, Restaurant } from '../api/types';
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

/** A menu item's photo, in the menu editor. */
export function ItemPhoto({ item, onSaved }: { item: MenuItem; onSaved(): void }) {
  return (
    <PhotoPicker
      subject={item.name}
      imageUrl={item.imageUrl}
      upload={(file) => storage.upload('MENU_ITEM_IMAGE', item.id, file)}
      point={(url) => menu.setImage(item.id, url)}
      onSaved={onSaved}
    />
  );
}

/** The restaurant's own photo (the first of its `imageUrls`), on its page for the owner. */
export function RestaurantPhoto({ restaurant, onSaved }: { restaurant: Restaurant; onSaved(): void }) {
  const others = restaurant.imageUrls.slice(1);
  return (
    <PhotoPicker
      subject={restaurant.name}
      imageUrl={restaurant.imageUrls[0] ?? null}
      upload={(file) => storage.upload('RESTAURANT_IMAGE', restaurant.id, file)}
      point={(url) => restaurants.setImages(restaurant.id, url === null ? others : [url, ...others])}
      onSaved={onSaved}
    />
  );
}

interface PhotoPickerProps {
  /** What the photo shows, for the labels ("Add photo of …"). */
  subject: string;
  imageUrl: string | null;
  upload(file: File): Promise<{ url: string }>;
  /** Points the owner at the stored file, or at none. */
  point(url: string | null): Promise<unknown>;
  onSaved(): void;
}

function PhotoPicker({ subject, imageUrl, upload, point, onSaved }: PhotoPickerProps) {
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState<string>();
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const image = shownImage(imageUrl);

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
      const stored = await upload(file);
      await point(stored.url);
    }, 'Photo saved');
  };

  return (
    <div className="item-photo">
      {image ? (
        <img src={image} alt={`Photo of ${subject}`} className="thumb" width={72} height={72} />
      ) : (
        <span className="thumb empty" aria-hidden="true">
          No photo
        </span>
      )}
      <label className="file-button">
        {image ? 'Change photo' : 'Add photo'}
        <span className="sr-only"> of {subject}</span>
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
          onClick={() => run(() => point(null), 'Photo removed')}
        >
          Remove photo<span className="sr-only"> of {subject}</span>
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
