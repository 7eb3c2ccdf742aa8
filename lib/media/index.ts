// lib/media: the media library (upload, import, edit, delete), safe ingestion, the transcoder,
// and the send-time personalised render. Campaign code uses the last three exports at dispatch.
export { createMedia, importMediaFromUrl, listMedia, listMediaTags, getMedia, updateMedia, retryMedia, deleteMedia, openMediaFile, campaignsUsingMedia, type MediaSummary, type MediaFile } from "./library";
export { renderMediaPreview } from "./preview";
export { transcodeAsset, variantCacheKey, PIPELINE_VERSION } from "./transcode";
export { inspectMedia, type Inspected } from "./inspect";
export { parseEdits, editsHash, overlayOf, baseEdits, edit as editSchema, editList, type Edit, type OverlayEdit, type TextSpec } from "./edits";
export { renderMergeFields, mergeFieldNames, type MergeValues } from "./merge-fields";
export { renderPersonalisedImage, type PersonaliseSource, type Personalised, type OverlaySpec } from "./personalise";
export { loadMediaForSend, type SendableMedia } from "./for-send";
export { MediaRefused } from "./errors";
export { MEDIA_LIMITS } from "./limits";
