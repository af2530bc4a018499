// Uploads with progress. Small files go to the API as multipart (POST /customizations/upload);
// large ones through a resumable session the API opens (POST /customizations/uploads): the bytes go
// straight to Cloud Storage (the Storage emulator locally), then the API checks what arrived
// (POST /customizations/uploads/{id}/complete) and answers the FileRef to give to a request.
import { API_BASE, ApiError, api, errorFrom, type FileRef, type Schemas, unwrap } from "./api/client";
import { idToken } from "./firebase";

export type Kind = "customer_design" | "designer_final" | "preview";
export type Progress = (sent: number, total: number) => void;

/** Files from this size on go through a resumable session. */
export const RESUMABLE_FROM = 5 * 1024 * 1024;

export async function uploadFile(file: File, kind: Kind, progress: Progress): Promise<FileRef> {
  return file.size >= RESUMABLE_FROM ? resumable(file, kind, progress) : multipart(file, kind, progress);
}

async function multipart(file: File, kind: Kind, progress: Progress): Promise<FileRef> {
  const form = new FormData();
  form.append("kind", kind);
  form.append("file", file, file.name);
  const token = await idToken();
  const answer = await send("POST", `${API_BASE}/customizations/upload`, form, progress, {
    Authorization: `Bearer ${token}`,
  });
  const body = parse(answer.responseText);
  if (answer.status !== 201) throw errorFrom(body, answer.status);
  return (body as { data: FileRef }).data;
}

async function resumable(file: File, kind: Kind, progress: Progress): Promise<FileRef> {
  const session: Schemas["UploadSession"] = await unwrap(
    api.POST("/customizations/uploads", {
      body: { kind, fileName: file.name, size: file.size, contentType: "application/octet-stream" },
    }),
  );
  // The session was opened for this page's origin: Cloud Storage answers its CORS.
  const sent = await send("PUT", session.uploadUrl, new Blob([file]), progress, {});
  if (sent.status < 200 || sent.status >= 300) {
    throw new ApiError(
      "INTERNAL",
      `The file could not be sent (Storage answered ${sent.status}); try again.`,
      sent.status,
    );
  }
  return unwrap(
    api.POST("/customizations/uploads/{id}/complete", { params: { path: { id: session.uploadId } } }),
  );
}

function send(
  method: string,
  url: string,
  body: XMLHttpRequestBodyInit,
  progress: Progress,
  headers: Record<string, string>,
): Promise<XMLHttpRequest> {
  // XMLHttpRequest, not fetch: only it reports upload progress.
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => progress(event.loaded, event.lengthComputable ? event.total : 0);
    xhr.onload = () => resolve(xhr);
    xhr.onerror = () =>
      reject(new ApiError("NETWORK", "The upload was interrupted; check the connection and try again.", 0));
    xhr.send(body);
  });
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
