import type { SqlExecutor } from '../../../platform/db/sql.js';
import { fileUrl, type FilePurpose, type FileView, type ImageType } from '../contract.js';
import { fileEtag } from '../domain/file-etag.js';

/** A row of `storage.files`. */
export interface FileRecord {
  id: string;
  key: string;
  contentType: ImageType;
  size: number;
  sha256: string;
  originalName: string | null;
  purpose: FilePurpose;
  ownerId: string;
  uploadedBy: string;
  createdAt: Date;
}

interface FileRow {
  id: string;
  key: string;
  content_type: ImageType;
  size: number;
  sha256: string;
  original_name: string | null;
  purpose: FilePurpose;
  owner_id: string;
  uploaded_by: string;
  created_at: Date;
}

export async function insertFile(db: SqlExecutor, file: FileRecord): Promise<void> {
  await db.query(
    `INSERT INTO storage.files
       (id, key, content_type, size, sha256, original_name, purpose, owner_id, uploaded_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      file.id,
      file.key,
      file.contentType,
      file.size,
      file.sha256,
      file.originalName,
      file.purpose,
      file.ownerId,
      file.uploadedBy,
      file.createdAt,
    ],
  );
}

export async function selectFile(db: SqlExecutor, id: string): Promise<FileRecord | undefined> {
  const { rows } = await db.query<FileRow>('SELECT * FROM storage.files WHERE id = $1', [id]);
  const row = rows[0];
  if (row === undefined) return undefined;
  return {
    id: row.id,
    key: row.key,
    contentType: row.content_type,
    size: row.size,
    sha256: row.sha256,
    originalName: row.original_name,
    purpose: row.purpose,
    ownerId: row.owner_id,
    uploadedBy: row.uploaded_by,
    createdAt: row.created_at,
  };
}

export function toFileView(file: FileRecord): FileView {
  return {
    id: file.id,
    url: fileUrl(file.id),
    contentType: file.contentType,
    size: file.size,
    etag: fileEtag(file.sha256),
    originalName: file.originalName,
    purpose: file.purpose,
    ownerId: file.ownerId,
    uploadedBy: file.uploadedBy,
    createdAt: file.createdAt.toISOString(),
  };
}
