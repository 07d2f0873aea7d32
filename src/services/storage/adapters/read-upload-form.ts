import type { Multipart, MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../platform/errors/app-error.js';
import { FILE_PURPOSES, StorageErrors, type FilePurpose } from '../contract.js';
import type { UploadTarget } from '../app/authorize-upload.js';
import type { ReceivedFile } from '../app/store-upload.js';

export const FILE_FIELD = 'file';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface UploadForm {
  target: UploadTarget;
  file: ReceivedFile;
}

/**
 * Reads the upload form: `purpose` and `ownerId` first, then one `file`. The fields must come first so
 * that `authorize` decides before a byte of the file is read (browsers' FormData and curl -F keep the
 * order they are given). The file is read to at most `maxBytes`: one byte more is 413
 * `STORAGE.FILE_TOO_LARGE`. Nothing may follow the file. Nothing is stored here.
 */
export async function readUploadForm(
  request: FastifyRequest,
  options: {
    maxBytes: number;
    authorize(purpose: FilePurpose, ownerId: string | undefined): Promise<UploadTarget>;
  },
): Promise<UploadForm> {
  const fields = new Map<string, string>();
  let form: UploadForm | undefined;
  const parts = formParts(request);
  for (let part = await parts.next(); part !== undefined; part = await parts.next()) {
    if (form !== undefined) throw invalid('Nothing may follow the file.', part.fieldname);
    if (part.type === 'field') {
      fields.set(part.fieldname, fieldValue(part, fields));
      continue;
    }
    const purpose = purposeOf(fields.get('purpose'));
    const target = await options.authorize(purpose, ownerIdOf(fields.get('ownerId')));
    form = { target, file: { bytes: await readLimited(part, options.maxBytes), filename: part.filename } };
  }
  if (form === undefined) throw invalid(`The form has no ${FILE_FIELD}.`, FILE_FIELD);
  return form;
}

/** The form's parts; a form that cannot be parsed (no boundary, cut short) is 400 `STORAGE.INVALID_UPLOAD`. */
function formParts(request: FastifyRequest): { next(): Promise<Multipart | undefined> } {
  let iterator: AsyncIterableIterator<Multipart> | undefined;
  return {
    async next() {
      try {
        iterator ??= request.parts();
        const step = await iterator.next();
        return step.done ? undefined : step.value;
      } catch (error) {
        throw asFormError(error);
      }
    },
  };
}

function fieldValue(part: Multipart & { type: 'field' }, seen: Map<string, string>): string {
  const name = part.fieldname;
  if (name !== 'purpose' && name !== 'ownerId') throw invalid(`Unknown field ${name}.`, name);
  if (seen.has(name)) throw invalid(`The field ${name} is given twice.`, name);
  if (part.valueTruncated || typeof part.value !== 'string')
    throw invalid(`The field ${name} is too long.`, name);
  return part.value.trim();
}

function purposeOf(value: string | undefined): FilePurpose {
  if (value === undefined) {
    throw invalid(`Send purpose (and ownerId) before the ${FILE_FIELD}.`, 'purpose');
  }
  if (!(FILE_PURPOSES as readonly string[]).includes(value)) {
    throw invalid(`purpose must be one of ${FILE_PURPOSES.join(', ')}.`, 'purpose');
  }
  return value as FilePurpose;
}

function ownerIdOf(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!UUID.test(value)) throw invalid('ownerId must be a UUID.', 'ownerId');
  return value.toLowerCase();
}

async function readLimited(part: MultipartFile, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of part.file) chunks.push(chunk as Buffer);
  } catch (error) {
    throw asFormError(error);
  }
  // The parser stops a file at the limit and marks it truncated: it was at least one byte over.
  if (part.file.truncated) {
    throw new AppError(StorageErrors.FILE_TOO_LARGE, `A file may have at most ${maxBytes} bytes.`, {
      details: { maxBytes },
    });
  }
  return Buffer.concat(chunks);
}

function invalid(message: string, field: string): AppError {
  return new AppError(StorageErrors.INVALID_UPLOAD, message, { details: { field } });
}

/** Our errors and the parser's sized 4xx ones (too many parts) pass; a broken form is a client error. */
function asFormError(error: unknown): unknown {
  const e = error as { code?: unknown; statusCode?: unknown } | null;
  if (error instanceof AppError) return error;
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return error;
  return new AppError(StorageErrors.INVALID_UPLOAD, 'The form could not be read as multipart/form-data.', {
    cause: error,
  });
}
