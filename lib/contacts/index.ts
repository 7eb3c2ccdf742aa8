export * from "./service";
export { contactFilterSchema, filterWhere, type ContactFilter } from "./filter";
export { exportContactsCsv } from "./export";
export { neutralizeCell, csvLine } from "./csv-safe";
export { createImport, getImport, listImports, startImport, cancelImport, importErrorsCsv, MAX_UPLOAD_BYTES, type PublicImportJob } from "./import/service";
