// Node has no IndexedDB; fake-indexeddb gives each test file an in-memory one.
import 'fake-indexeddb/auto';
