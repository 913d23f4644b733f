import { CatalogueError, OPERATION_CATEGORIES, OperationCatalogue, parseOperationId } from './catalogue';
import data from './operations.json';

const names = (catalogue: OperationCatalogue, productId: string) => catalogue.list({ productId }).map((op) => op.name);

const thrown = (fn: () => unknown): CatalogueError => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogueError);
    return error as CatalogueError;
  }
  throw new Error('expected a CatalogueError');
};

describe('bundled sensitive-operation catalogue (SEC-6)', () => {
  const catalogue = new OperationCatalogue();

  it('holds every operation of the reference table: 209 operations in 29 products', () => {
    expect(catalogue.size).toBe(209);
    expect(catalogue.products()).toHaveLength(29);
    expect(catalogue.list()).toHaveLength(209);
  });

  it('has the transcribed number of operations per product', () => {
    const counts = Object.fromEntries(catalogue.products().map((p) => [p.id, p.operations.length]));
    expect(counts).toMatchObject({
      cloudbase: 8,
      cvm: 17,
      lighthouse: 2,
      image: 2,
      ecm: 1,
      cfs: 6,
      cos: 5,
      'tdsql-mysql': 8,
      mariadb: 8,
      redis: 4,
      tencentdb: 2,
      dts: 1,
      vpc: 7,
      cdn: 2,
      vod: 2,
      trtc: 2,
      ciam: 1,
      faceid: 1,
      ocr: 1,
      'iot-explorer': 1,
      domain: 23,
      httpdns: 2,
      dnspod: 36,
      im: 3,
      'mobile-dev-platform': 1,
      cam: 35,
      account: 24,
      billing: 2,
      channel: 2,
    });
  });

  it('lists the operations of a few products as in the seed table', () => {
    expect(names(catalogue, 'cvm')).toEqual([
      'Bind SSH key pair',
      'Get instance management terminal URL',
      'Change instance configuration',
      'Shut down instance',
      'Roll back snapshot',
      'Get VNC login token',
      'Delete snapshot',
      'Delete snapshot policy',
      'Destroy cloud disk',
      'Detach cloud disk',
      'Change instance VPC attributes',
      'Change instance auto-renewal flag',
      'Change cloud disk auto-renewal flag',
      'Terminate instance',
      'Reboot instance',
      'Reset instance password',
      'Reinstall instance',
    ]);
    expect(names(catalogue, 'cos')).toEqual(['Empty bucket', 'Delete bucket', 'Set bucket ACL', 'Set bucket policy', 'Set bucket lifecycle rules']);
    expect(names(catalogue, 'redis')).toEqual(['Simulate failure (fault injection)', 'Flush Redis instance', 'Change instance sub-account', 'Reset instance password']);
    expect(names(catalogue, 'httpdns')).toEqual(['Get key or token by ID', 'Reset key']);
    // TDSQL for MySQL and MariaDB list the same eight operations (the MySQL cell spans a page break).
    expect(names(catalogue, 'tdsql-mysql')).toEqual(names(catalogue, 'mariadb'));
    expect(catalogue.get('cvm.reset-password')).toEqual({
      id: 'cvm.reset-password',
      productId: 'cvm',
      productName: 'Cloud Virtual Machine (CVM)',
      category: 'compute',
      name: 'Reset instance password',
    });
    expect(catalogue.get('account.apply-deregistration')?.name).toBe('Apply for account deregistration');
    expect(catalogue.get('dnspod.export-records-zone')?.category).toBe('domains-dns');
  });

  it('has unique, well-formed ids and only known categories', () => {
    const ids = catalogue.list().map((op) => op.id);
    expect(new Set(ids).size).toBe(ids.length);
    const productIds = catalogue.products().map((p) => p.id);
    expect(new Set(productIds).size).toBe(productIds.length);
    for (const op of catalogue.list()) {
      expect(parseOperationId(op.id)).toEqual({ productId: op.productId, operation: expect.any(String) });
      expect(OPERATION_CATEGORIES).toContain(op.category);
      expect(op.name.trim()).not.toBe('');
    }
    // The raw data file is well formed too (it is validated when the catalogue is built).
    expect(data.version).toBe(1);
    expect(data.products.flatMap((p) => p.operations)).toHaveLength(209);
  });

  it('covers the categories of the spec and uses "other" sparingly', () => {
    const categories = new Set(catalogue.products().map((p) => p.category));
    for (const category of ['compute', 'storage', 'database', 'network', 'video', 'security', 'ai', 'iot', 'domains-dns', 'developer', 'account']) {
      expect(categories).toContain(category);
    }
    expect(catalogue.products().filter((p) => p.category === 'other').map((p) => p.id)).toEqual(['im', 'channel']);
  });

  it('filters by product and by category', () => {
    expect(catalogue.list({ category: 'storage' }).map((op) => op.productId)).toEqual([...Array(6).fill('cfs'), ...Array(5).fill('cos')]);
    expect(catalogue.list({ productId: 'vpc', category: 'network' })).toHaveLength(7);
    expect(catalogue.list({ productId: 'vpc', category: 'compute' })).toEqual([]);
    expect(catalogue.list({ productId: 'nope' })).toEqual([]);
    expect(catalogue.product('cfs')?.name).toBe('Cloud File Storage (CFS)');
  });

  it('answers lookups by full id or by product and short operation', () => {
    expect(catalogue.has('cvm', 'reset-password')).toBe(true);
    expect(catalogue.has('cvm', 'cvm.reset-password')).toBe(true);
    expect(catalogue.has('cvm.reset-password')).toBe(true);
    expect(catalogue.has('redis', 'reset-password')).toBe(true);
    expect(catalogue.has('lighthouse', 'reset-password')).toBe(false);
    expect(catalogue.has('lighthouse', 'cvm.reset-password')).toBe(false);
    expect(catalogue.has('cvm', 'format-disk')).toBe(false);
    expect(catalogue.has('cvm')).toBe(false);
    expect(catalogue.get('cvm.format-disk')).toBeUndefined();
    expect(catalogue.find('cam', 'delete-sub-user')?.name).toBe('Delete sub-user');
    expect(catalogue.find('cam', 'account.view-api-key-secret')).toBeUndefined();
    expect(catalogue.find('account', 'view-api-key-secret')?.productName).toBe('Account');
  });

  it('describes the catalogue grouped by product', () => {
    expect(catalogue.describe()).toHaveLength(29);
    const ai = catalogue.describe({ category: 'ai' });
    expect(ai.map((p) => [p.id, p.operations.map((op) => op.name)])).toEqual([
      ['faceid', ['Turn off pay-as-you-go billing']],
      ['ocr', ['Change OCR service settings']],
    ]);
    expect(catalogue.describe({ productId: 'dts' })).toEqual([
      { id: 'dts', name: 'Data Transmission Service (DTS)', category: 'database', operations: [catalogue.get('dts.isolate-subscription')] },
    ]);
    expect(catalogue.describe({ productId: 'dts', category: 'ai' })).toEqual([]);
  });

  it('is immutable', () => {
    const op = catalogue.get('cos.delete-bucket')!;
    expect(() => {
      (op as { name: string }).name = 'x';
    }).toThrow(TypeError);
    expect(() => (catalogue.product('cos')!.operations as unknown[]).push(op)).toThrow(TypeError);
    expect(catalogue.list({ productId: 'cos' })).toHaveLength(5);
  });
});

describe('catalogue extensions (configuration)', () => {
  it('adds a new product and new operations of an existing product', () => {
    const catalogue = new OperationCatalogue({
      products: [
        { id: 'tke', name: 'Tencent Kubernetes Engine (TKE)', category: 'compute', operations: [{ id: 'tke.delete-cluster', name: 'Delete cluster' }] },
        { id: 'cvm', operations: [{ id: 'cvm.export-image', name: 'Export image' }] },
      ],
    });
    expect(catalogue.size).toBe(211);
    expect(catalogue.get('tke.delete-cluster')).toEqual({
      id: 'tke.delete-cluster',
      productId: 'tke',
      productName: 'Tencent Kubernetes Engine (TKE)',
      category: 'compute',
      name: 'Delete cluster',
    });
    expect(catalogue.has('cvm', 'export-image')).toBe(true);
    expect(catalogue.get('cvm.export-image')?.productName).toBe('Cloud Virtual Machine (CVM)');
    expect(catalogue.list({ productId: 'cvm' })).toHaveLength(18);
    // The bundled catalogue is not changed by an extension.
    expect(new OperationCatalogue().has('tke.delete-cluster')).toBe(false);
  });

  it('applies several extensions in order', () => {
    const catalogue = new OperationCatalogue([
      { products: [{ id: 'tke', name: 'TKE', category: 'compute', operations: [] }] },
      { products: [{ id: 'tke', operations: [{ id: 'tke.delete-cluster', name: 'Delete cluster' }] }] },
    ]);
    expect(catalogue.list({ productId: 'tke' }).map((op) => op.id)).toEqual(['tke.delete-cluster']);
  });

  it('refuses duplicate operations, within an extension or against the bundled data', () => {
    const bundled = thrown(() => new OperationCatalogue({ products: [{ id: 'cvm', operations: [{ id: 'cvm.reset-password', name: 'Again' }] }] }));
    expect(bundled.code).toBe('CATALOGUE_DUPLICATE');
    expect(bundled.message).toContain('"cvm.reset-password" is already in the catalogue');

    const twice = thrown(
      () =>
        new OperationCatalogue({
          products: [{ id: 'tke', name: 'TKE', category: 'compute', operations: [{ id: 'tke.a', name: 'A' }, { id: 'tke.a', name: 'A again' }] }],
        }),
    );
    expect(twice.code).toBe('CATALOGUE_DUPLICATE');
  });

  it('refuses malformed ids with a message naming the place', () => {
    const cases: [unknown, string][] = [
      [{ id: 'TKE', name: 'TKE', category: 'compute', operations: [] }, 'products[0].id "TKE" is not a kebab-case product id'],
      [{ id: 'tke', name: 'TKE', category: 'compute', operations: [{ id: 'delete-cluster', name: 'x' }] }, 'is not a kebab-case "<product>.<operation>" id'],
      [{ id: 'tke', name: 'TKE', category: 'compute', operations: [{ id: 'tke.Delete_Cluster', name: 'x' }] }, '"tke.Delete_Cluster" is not a kebab-case'],
      [{ id: 'tke', name: 'TKE', category: 'compute', operations: [{ id: 'tke.a.b', name: 'x' }] }, '"tke.a.b" is not a kebab-case'],
      [{ id: 'tke', name: 'TKE', category: 'compute', operations: [{ id: 'cvm.delete-cluster', name: 'x' }] }, 'does not belong to product "tke"'],
      [{ id: 'tke', name: 'TKE', category: 'compute', operations: [{ id: 'tke.x', name: '' }] }, 'operations[0].name must be a non-empty string'],
      [{ id: 'tke', category: 'compute', operations: [] }, 'new product "tke" needs a name'],
      [{ id: 'cvm', name: 'Other name', operations: [] }, 'already exists with name "Cloud Virtual Machine (CVM)"'],
    ];
    for (const [product, message] of cases) {
      const error = thrown(() => new OperationCatalogue({ products: [product as never] }));
      expect(error.code).toBe('CATALOGUE_INVALID');
      expect(error.message).toContain(message);
    }
    expect(thrown(() => new OperationCatalogue({} as never)).message).toContain('"products" must be an array');
    expect(thrown(() => new OperationCatalogue({ version: 2, products: [] })).message).toContain('unsupported version 2');
  });

  it('refuses unknown categories', () => {
    const unknown = thrown(() => new OperationCatalogue({ products: [{ id: 'tke', name: 'TKE', category: 'containers', operations: [] }] }));
    expect(unknown.code).toBe('CATALOGUE_UNKNOWN_CATEGORY');
    expect(unknown.message).toContain('unknown category "containers"');
    expect(thrown(() => new OperationCatalogue({ products: [{ id: 'tke', name: 'TKE', operations: [] }] })).code).toBe('CATALOGUE_UNKNOWN_CATEGORY');
    expect(thrown(() => new OperationCatalogue({ products: [{ id: 'cvm', category: 'storage' }] })).message).toContain('already exists in category "compute"');
  });

  it('builds a catalogue from other data only', () => {
    const catalogue = OperationCatalogue.fromData({ products: [{ id: 'demo', name: 'Demo', category: 'other', operations: [{ id: 'demo.run', name: 'Run' }] }] });
    expect(catalogue.size).toBe(1);
    expect(catalogue.has('demo', 'run')).toBe(true);
    expect(catalogue.has('cvm', 'reset-password')).toBe(false);
  });
});
