/**
 * Sensitive-operation catalogue (SEC-6): which operations of which products are covered by
 * operation protection. The bundled data (`operations.json`) lists the products and operations of
 * the reference console; platform teams extend it by configuration (a plain object parsed
 * elsewhere) with new products or new operations of existing products.
 *
 * Pure: no I/O, no clock, no randomness. Invalid data is refused with a `CatalogueError`.
 */
import bundledData from './operations.json';

export const OPERATION_CATEGORIES = [
  'compute',
  'storage',
  'database',
  'network',
  'video',
  'security',
  'ai',
  'iot',
  'domains-dns',
  'developer',
  'account',
  'other',
] as const;

export type OperationCategory = (typeof OPERATION_CATEGORIES)[number];

/** One sensitive operation, flattened with its product. `id` is `<productId>.<operation>`. */
export interface SensitiveOperation {
  readonly id: string;
  readonly productId: string;
  readonly productName: string;
  readonly category: OperationCategory;
  readonly name: string;
}

export interface CatalogueProduct {
  readonly id: string;
  readonly name: string;
  readonly category: OperationCategory;
  readonly operations: readonly SensitiveOperation[];
}

/** Shape of the bundled data file and of an extension (both are plain, parsed objects). */
export interface OperationDefinition {
  readonly id: string;
  readonly name: string;
}

export interface ProductDefinition {
  readonly id: string;
  /** Required for a new product; when given for an existing product it must match. */
  readonly name?: string;
  /** Required for a new product; when given for an existing product it must match. */
  readonly category?: string;
  readonly operations?: readonly OperationDefinition[];
}

export interface CatalogueData {
  readonly version?: number;
  readonly products: readonly ProductDefinition[];
}

export type CatalogueExtension = CatalogueData;

export interface ListFilter {
  readonly productId?: string;
  readonly category?: OperationCategory | string;
}

export type CatalogueErrorCode = 'CATALOGUE_INVALID' | 'CATALOGUE_DUPLICATE' | 'CATALOGUE_UNKNOWN_CATEGORY';

export class CatalogueError extends Error {
  constructor(
    readonly code: CatalogueErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CatalogueError';
  }
}

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const OPERATION_ID = /^([a-z0-9]+(?:-[a-z0-9]+)*)\.([a-z0-9]+(?:-[a-z0-9]+)*)$/;

export function isOperationCategory(value: unknown): value is OperationCategory {
  return typeof value === 'string' && (OPERATION_CATEGORIES as readonly string[]).includes(value);
}

/** Splits `<product>.<operation>`; `null` when the id is not of that form. */
export function parseOperationId(id: string): { productId: string; operation: string } | null {
  const match = OPERATION_ID.exec(id);
  return match ? { productId: match[1], operation: match[2] } : null;
}

interface MutableProduct {
  id: string;
  name: string;
  category: OperationCategory;
  operations: SensitiveOperation[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const invalid = (message: string) => new CatalogueError('CATALOGUE_INVALID', message);

const nonEmptyString = (value: unknown, where: string): string => {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(`${where} must be a non-empty string`);
  return value.trim();
};

/** Applies one data set (the bundled data or an extension) onto the products accumulated so far. */
function applyData(products: Map<string, MutableProduct>, operations: Map<string, SensitiveOperation>, data: unknown, source: string): void {
  if (!isRecord(data)) throw invalid(`${source}: expected an object with a "products" array`);
  if (data.version !== undefined && data.version !== 1) throw invalid(`${source}: unsupported version ${JSON.stringify(data.version)} (expected 1)`);
  if (!Array.isArray(data.products)) throw invalid(`${source}: "products" must be an array`);

  data.products.forEach((rawProduct: unknown, p) => {
    const where = `${source} products[${p}]`;
    if (!isRecord(rawProduct)) throw invalid(`${where} must be an object`);
    const productId = nonEmptyString(rawProduct.id, `${where}.id`);
    if (!KEBAB.test(productId)) throw invalid(`${where}.id "${productId}" is not a kebab-case product id`);

    const name = rawProduct.name === undefined ? undefined : nonEmptyString(rawProduct.name, `${where}.name`);
    const category = rawProduct.category;
    if (category !== undefined && !isOperationCategory(category)) {
      throw new CatalogueError(
        'CATALOGUE_UNKNOWN_CATEGORY',
        `${where} (product "${productId}"): unknown category ${JSON.stringify(category)}; expected one of ${OPERATION_CATEGORIES.join(', ')}`,
      );
    }

    let product = products.get(productId);
    if (product) {
      if (name !== undefined && name !== product.name) {
        throw invalid(`${where}: product "${productId}" already exists with name "${product.name}", not "${name}"`);
      }
      if (category !== undefined && category !== product.category) {
        throw invalid(`${where}: product "${productId}" already exists in category "${product.category}", not "${category}"`);
      }
    } else {
      if (name === undefined) throw invalid(`${where}: new product "${productId}" needs a name`);
      if (category === undefined) {
        throw new CatalogueError('CATALOGUE_UNKNOWN_CATEGORY', `${where}: new product "${productId}" needs a category (one of ${OPERATION_CATEGORIES.join(', ')})`);
      }
      product = { id: productId, name, category, operations: [] };
      products.set(productId, product);
    }

    const rawOperations = rawProduct.operations ?? [];
    if (!Array.isArray(rawOperations)) throw invalid(`${where}.operations must be an array`);
    for (const [o, rawOperation] of rawOperations.entries()) {
      const opWhere = `${where}.operations[${o}]`;
      if (!isRecord(rawOperation)) throw invalid(`${opWhere} must be an object`);
      const id = nonEmptyString(rawOperation.id, `${opWhere}.id`);
      const parsed = parseOperationId(id);
      if (!parsed) throw invalid(`${opWhere}.id "${id}" is not a kebab-case "<product>.<operation>" id`);
      if (parsed.productId !== productId) throw invalid(`${opWhere}.id "${id}" does not belong to product "${productId}" (expected "${productId}.${parsed.operation}")`);
      if (operations.has(id)) throw new CatalogueError('CATALOGUE_DUPLICATE', `${opWhere}: operation "${id}" is already in the catalogue`);
      const operation: SensitiveOperation = Object.freeze({
        id,
        productId,
        productName: product.name,
        category: product.category,
        name: nonEmptyString(rawOperation.name, `${opWhere}.name`),
      });
      operations.set(id, operation);
      product.operations.push(operation);
    }
  });
}

const matches = (op: SensitiveOperation, filter: ListFilter) =>
  (filter.productId === undefined || op.productId === filter.productId) && (filter.category === undefined || op.category === filter.category);

/**
 * The catalogue: the bundled operations plus the given extensions, applied in order.
 * Immutable once built.
 */
export class OperationCatalogue {
  private readonly byId: ReadonlyMap<string, SensitiveOperation>;
  private readonly byProduct: ReadonlyMap<string, CatalogueProduct>;
  private readonly all: readonly SensitiveOperation[];

  /**
   * @param extensions applied in order after the base data; each may add products or operations.
   * @param base the data to start from; the bundled catalogue unless given (`fromData`).
   */
  constructor(extensions: CatalogueExtension | readonly CatalogueExtension[] = [], base: CatalogueData = bundledData) {
    const list: readonly unknown[] = Array.isArray(extensions) ? extensions : [extensions];
    const products = new Map<string, MutableProduct>();
    const operations = new Map<string, SensitiveOperation>();
    applyData(products, operations, base, base === bundledData ? 'bundled catalogue' : 'catalogue data');
    list.forEach((data, i) => applyData(products, operations, data, `extension ${i}`));

    const byProduct = new Map<string, CatalogueProduct>();
    for (const product of products.values()) {
      byProduct.set(product.id, Object.freeze({ ...product, operations: Object.freeze([...product.operations]) }));
    }
    this.byId = operations;
    this.byProduct = byProduct;
    this.all = Object.freeze([...byProduct.values()].flatMap((p) => p.operations));
  }

  /** A catalogue made only of the given data (without the bundled operations), e.g. for callers' tests. */
  static fromData(data: CatalogueData, extensions: CatalogueExtension | readonly CatalogueExtension[] = []): OperationCatalogue {
    return new OperationCatalogue(extensions, data);
  }

  /** Number of operations. */
  get size(): number {
    return this.all.length;
  }

  /** Operations in catalogue order, optionally restricted to one product and/or one category. */
  list(filter: ListFilter = {}): readonly SensitiveOperation[] {
    return this.all.filter((op) => matches(op, filter));
  }

  /** An operation by its full id (`cvm.reset-password`). */
  get(operationId: string): SensitiveOperation | undefined {
    return this.byId.get(operationId);
  }

  /** A product with its operations. */
  product(productId: string): CatalogueProduct | undefined {
    return this.byProduct.get(productId);
  }

  products(): readonly CatalogueProduct[] {
    return [...this.byProduct.values()];
  }

  /**
   * The operation, given as `find('cvm', 'reset-password')` or `find('cvm', 'cvm.reset-password')`.
   * A full id naming another product than `productId` is not a match.
   */
  find(productId: string, operationId: string): SensitiveOperation | undefined {
    const fullId = operationId.includes('.') ? operationId : `${productId}.${operationId}`;
    const operation = this.byId.get(fullId);
    return operation !== undefined && operation.productId === productId ? operation : undefined;
  }

  /**
   * Whether the operation is in the catalogue: `has('cvm', 'reset-password')`,
   * `has('cvm', 'cvm.reset-password')` or `has('cvm.reset-password')`.
   */
  has(productIdOrOperationId: string, operationId?: string): boolean {
    return operationId === undefined ? this.byId.has(productIdOrOperationId) : this.find(productIdOrOperationId, operationId) !== undefined;
  }

  /** The catalogue grouped by product, restricted by the filter; products left without operations are omitted. */
  describe(filter: ListFilter = {}): readonly CatalogueProduct[] {
    return this.products()
      .map((product) => ({ ...product, operations: product.operations.filter((op) => matches(op, filter)) }))
      .filter((product) => product.operations.length > 0);
  }
}
