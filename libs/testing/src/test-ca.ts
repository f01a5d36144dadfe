// A certificate authority made at test time with the openssl command line (node:crypto cannot sign X.509
// certificates): a CA and a server certificate it signed for 127.0.0.1, as a private institution's issuer has.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCa {
  /** The CA's certificate (PEM): what a client must trust. */
  caPem: string;
  /** A server certificate for 127.0.0.1 signed by the CA, and its key (PEM). */
  serverCertPem: string;
  serverKeyPem: string;
}

/** True when the openssl command line is on PATH. */
export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Makes a fresh CA (EC P-256, valid one day) and a server certificate for 127.0.0.1 signed by it. */
export function makeTestCa(name = 'Custos Test Issuer CA'): TestCa {
  const dir = mkdtempSync(join(tmpdir(), 'custos-ca-'));
  const file = (f: string) => join(dir, f);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  try {
    // prettier-ignore
    openssl(
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
      '-keyout', file('ca.key'), '-out', file('ca.pem'), '-subj', `/CN=${name}`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    );
    // prettier-ignore
    openssl(
      'req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
      '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=127.0.0.1',
    );
    writeFileSync(
      file('server.ext'),
      'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' +
        'subjectAltName=IP:127.0.0.1\n',
    );
    // prettier-ignore
    openssl(
      'x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'),
      '-CAcreateserial', '-days', '1', '-out', file('server.pem'), '-extfile', file('server.ext'),
    );
    return {
      caPem: readFileSync(file('ca.pem'), 'utf8'),
      serverCertPem: readFileSync(file('server.pem'), 'utf8'),
      serverKeyPem: readFileSync(file('server.key'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
