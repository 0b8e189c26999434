// Minimal ambient types for the parts of dcmjs 0.51 (no bundled types) used by src/io/dicom.
// Only what the DICOM layer calls is declared; everything else stays untyped on purpose.
declare module 'dcmjs' {
  /** One element in dcmjs's tag-keyed JSON model, e.g. dict['00280010'] = { vr: 'US', Value: [512] }. */
  export interface DcmjsElement {
    vr: string;
    Value?: unknown[];
  }

  /** Dataset keyed by 8-digit upper-case hex tag ('00280010'). */
  export type DcmjsDict = Record<string, DcmjsElement>;

  /** Dataset keyed by DICOM keyword (see DicomMetaDictionary.naturalizeDataset). */
  export type DcmjsNaturalDataset = Record<string, unknown>;

  export interface DcmjsReadOptions {
    ignoreErrors: boolean;
    untilTag: string | null;
    includeUntilTagValue?: boolean;
    stopOnGreaterTag?: boolean;
  }

  class ReadBufferStream {
    constructor(buffer: ArrayBuffer, littleEndian?: boolean | null, options?: { start?: number | null; stop?: number | null; noCopy?: boolean });
    offset: number;
    decoder: unknown;
    setDecoder(decoder: unknown): void;
  }

  class DicomMessage {
    /** Reads elements from the stream until its end (dcmjs's internal reader, used by readFile). */
    static _read(stream: ReadBufferStream, transferSyntaxUid: string, options?: DcmjsReadOptions): DcmjsDict;
  }

  class DicomDict {
    constructor(meta: DcmjsDict);
    dict: DcmjsDict;
    /** Part-10 file: preamble, "DICM", group 0002 (explicit VR LE) and the dataset in meta's transfer syntax. */
    write(options?: { allowInvalidVRLength?: boolean }): ArrayBuffer;
  }

  interface DicomMetaDictionaryStatic {
    naturalizeDataset(dict: DcmjsDict): DcmjsNaturalDataset;
    denaturalizeDataset(dataset: DcmjsNaturalDataset): DcmjsDict;
  }

  export const data: {
    ReadBufferStream: typeof ReadBufferStream;
    DicomMessage: typeof DicomMessage;
    DicomDict: typeof DicomDict;
    DicomMetaDictionary: DicomMetaDictionaryStatic;
  };

  /** A loglevel logger. */
  export interface DcmjsLogger {
    getLevel(): number;
    /** `persist` false: do not store the level (loglevel writes localStorage by default). */
    setLevel(level: number | 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'silent', persist?: boolean): void;
  }

  /** dcmjs's root logger; getLogger('validation.dcmjs') is the one that reports dictionary VR quirks. */
  export const log: DcmjsLogger & { getLogger(name: string): DcmjsLogger };
}
