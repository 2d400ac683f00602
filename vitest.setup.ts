// Every unit test gets a fresh in-memory IndexedDB (fake-indexeddb) where tablet code needs one.
import 'fake-indexeddb/auto';
