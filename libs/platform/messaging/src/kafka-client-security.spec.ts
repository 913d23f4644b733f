import { kafkaClientSecurity } from './kafka-sink';

describe('the Kafka client security settings', () => {
  it('nothing set: plaintext without SASL; TLS options verify the certificate; SASL passed as given', () => {
    expect(kafkaClientSecurity({})).toEqual({});
    expect(kafkaClientSecurity({ ssl: {} })).toEqual({ ssl: true });
    expect(kafkaClientSecurity({ ssl: { ca: 'CA', cert: 'C', key: 'K' } })).toEqual({ ssl: { rejectUnauthorized: true, ca: ['CA'], cert: 'C', key: 'K' } });
    expect(kafkaClientSecurity({ sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'p' } })).toEqual({ sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'p' } });
  });
});
