import { z } from '../../schema/zod.ts';

const Uploaded = z.object({
  id: z.string(),
  filename: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number(),
  kind: z.nullable(z.string()),
});
export type UploadedFile = z.infer<typeof Uploaded>;
const ErrorBody = z.object({ error: z.object({ message: z.string() }) });

/** Uploads a file to the file store (POST /api/files); rejects with the server's message. */
export async function uploadFile(file: File, purpose: 'message' | 'request'): Promise<UploadedFile> {
  const form = new FormData();
  form.set('purpose', purpose);
  form.set('file', file, file.name);
  let res: Response;
  try {
    res = await fetch('/api/files', { method: 'POST', body: form, credentials: 'same-origin' });
  } catch {
    throw new Error('The upload needs a connection to CDESK; try again once you are back online.');
  }
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const parsed = ErrorBody.safeParse(json);
    throw new Error(parsed.success ? parsed.data.error.message : `Upload failed (${res.status}).`);
  }
  return Uploaded.parse(json);
}
