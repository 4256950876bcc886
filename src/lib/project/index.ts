/** Projects: saves that cannot lose work (store), result slices (codec), and the one-file project (archive). */
export { commitProject, memoryStore, newId, ProjectSaveError, readRecord, readSlices, RECORD_FILE, saveSlice, SLICE_PREFIX, stageData, updateRecord, type ProjectStore, type StoredRecord } from './store';
export { decodeSlice, encodeSlice } from './sliceCodec';
export { DATA_PATH, manifestProblems, PROJECT_FORMAT, PROJECT_VERSION, sqlFields, type ProjectManifest, type ProjectSettings } from './manifest';
export { DEFAULT_LIMITS, readProjectArchive, writeProjectArchive, type ArchiveLimits, type ProjectArchive, type ReadResult, type WriteOptions } from './archive';
