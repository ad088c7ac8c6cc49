/** A contact read from a vCard or a LinkedIn export, before it becomes a note. */
export interface ContactRecord {
  /** 1-based line where the record starts in its file. */
  line: number;
  name: string;
  organizations: string[];
  role?: string;
  email?: string;
  phone?: string;
  linkedin?: string;
  website?: string;
  location?: string;
  tags: string[];
  notes?: string;
  lastContact?: string;
  /** LinkedIn's "Connected On", as YYYY-MM-DD. */
  connectedOn?: string;
}

export interface RecordProblem {
  /** 1-based line in the imported file. */
  line: number;
  message: string;
  /** Whether the record was left out (otherwise it imports, without the bad value). */
  skipped: boolean;
}

export interface ContactParse {
  contacts: ContactRecord[];
  problems: RecordProblem[];
}
