import type { Range } from '../types';
import type { IntelInput } from '../intel';

/** A replacement of one range of the document. */
export interface TextEdit {
  range: Range;
  newText: string;
}

/** One quick fix: edits to the document, and files to create beside it (the daemon `hooks` fix). */
export interface QuickFix {
  title: string;
  edits: TextEdit[];
  /** The fix to apply when the user asks for "the" fix (VS Code's auto-fix, Ctrl+.). */
  preferred?: boolean;
  /** New files, named relative to the document's directory; never overwrite an existing file. */
  newFiles?: { name: string; text: string }[];
}

/** What fix providers read: the same input as completion and hover. */
export type FixInput = IntelInput;
