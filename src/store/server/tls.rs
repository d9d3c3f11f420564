//! An encrypted connection to the server, as libpq's `sslmode` asks for it:
//!
//! - `disable`: never encrypted;
//! - `allow`, `prefer` (the default): encrypted when the server offers it;
//! - `require`: encrypted or refused; the server's certificate is checked
//!   against the root certificate only when there is one (libpq's rule);
//! - `verify-ca`: encrypted, and the certificate signed by the root
//!   certificate (`sslrootcert`, else `~/.postgresql/root.crt`; `system`
//!   for the machine's own authorities);
//! - `verify-full`: as `verify-ca`, and the certificate for the host name
//!   the address gives.
//!
//! A Unix socket is never encrypted (it does not leave the machine), as
//! with libpq.

use std::path::PathBuf;
use std::sync::Arc;

use postgres::config::SslMode;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::store::{Result, StoreError};

/// How the connection is to be encrypted, and whom it is to prove.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

/// What an address asks of the connection's encryption.
#[derive(Debug)]
pub struct Tls {
    mode: Mode,
    /// The root certificate named (`sslrootcert`), if any.
    root: Option<String>,
}

/// The machine's own bundle of certificate authorities (`sslrootcert=system`).
const SYSTEM_ROOTS: [&str; 2] = [
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
];

/// `url` without `sslmode` and `sslrootcert` (which the server's client
/// library does not take as libpq does), and what they asked; what the URL
/// leaves out comes from `PGSSLMODE` and `PGSSLROOTCERT`. `None`: a mode
/// libpq does not know.
pub fn split(url: &str) -> Option<(String, Tls)> {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let (mut mode, mut root, mut kept) = (env("PGSSLMODE"), env("PGSSLROOTCERT"), Vec::new());
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("sslmode", v)) => mode = Some(decoded(v)),
            Some(("sslrootcert", v)) => root = Some(decoded(v)),
            _ => kept.push(pair),
        }
    }
    let mode = match mode.as_deref().unwrap_or("prefer") {
        "disable" => Mode::Disable,
        "allow" | "prefer" => Mode::Prefer,
        "require" => Mode::Require,
        "verify-ca" => Mode::VerifyCa,
        "verify-full" => Mode::VerifyFull,
        _ => return None,
    };
    let url = if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    Some((url, Tls { mode, root }))
}

/// `%XX` escapes read back (a path in a URL).
fn decoded(v: &str) -> String {
    let b = v.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (b[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Tls {
    /// The client library's mode for a connection over TCP or, with `unix`,
    /// a Unix socket.
    pub fn ssl_mode(&self, unix: bool) -> SslMode {
        match self.mode {
            Mode::Disable => SslMode::Disable,
            _ if unix => SslMode::Disable,
            Mode::Prefer => SslMode::Prefer,
            _ => SslMode::Require,
        }
    }

    /// The root certificate's file: named, or libpq's default.
    fn root_file(&self) -> Option<PathBuf> {
        match self.root.as_deref() {
            Some("system") => SYSTEM_ROOTS.iter().map(PathBuf::from).find(|p| p.exists()),
            Some(r) => Some(PathBuf::from(r)),
            None => std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".postgresql/root.crt")),
        }
    }

    /// What encrypts the connection and checks the server's certificate.
    pub fn connector(&self) -> Result<MakeRustlsConnect> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let root = self.root_file();
        // Without a root certificate, `prefer` and `require` encrypt but
        // prove nothing (as libpq); the verifying modes refuse.
        let verify = match self.mode {
            Mode::VerifyCa | Mode::VerifyFull => true,
            _ => self.root.is_some() || root.as_ref().is_some_and(|r| r.exists()),
        };
        let roots = match (verify, root) {
            (false, _) => None,
            (true, Some(file)) => Some(roots(&file, &provider)?),
            (true, None) => {
                let named = self.root.as_deref().unwrap_or("~/.postgresql/root.crt");
                return Err(StoreError::NoRootCert(named.to_string()));
            }
        };
        let check = Check {
            roots,
            names: self.mode != Mode::VerifyCa,
            provider: provider.clone(),
        };
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| StoreError::Tls(e.to_string()))?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(check))
            .with_no_client_auth();
        Ok(MakeRustlsConnect::new(config))
    }
}

/// A verifier of the server's certificate against the root certificates in
/// `file`.
fn roots(file: &PathBuf, provider: &Arc<CryptoProvider>) -> Result<Arc<WebPkiServerVerifier>> {
    let unreadable = || StoreError::NoRootCert(file.display().to_string());
    let mut store = RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(file).map_err(|_| unreadable())? {
        store
            .add(cert.map_err(|_| unreadable())?)
            .map_err(|_| unreadable())?;
    }
    if store.is_empty() {
        return Err(unreadable());
    }
    WebPkiServerVerifier::builder_with_provider(Arc::new(store), provider.clone())
        .build()
        .map_err(|_| unreadable())
}

/// The check of the server's certificate a mode asks for.
#[derive(Debug)]
struct Check {
    /// The chain to the root certificates; `None`: not checked.
    roots: Option<Arc<WebPkiServerVerifier>>,
    /// Whether the certificate must be for the host name (`verify-full`).
    names: bool,
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for Check {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        let Some(roots) = &self.roots else {
            return Ok(ServerCertVerified::assertion());
        };
        match roots.verify_server_cert(end_entity, intermediates, server_name, ocsp, now) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) if !self.names => Ok(ServerCertVerified::assertion()),
            checked => checked,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// Why a connection's encryption failed, told from the client library's
/// error: the server offers none, or its certificate did not prove it.
pub fn refusal(e: &postgres::Error, at: &str) -> Option<StoreError> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        // An I/O error's source is its inner error's source: look inside.
        let inner = s
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .and_then(|i| i.downcast_ref::<rustls::Error>());
        if let Some(rustls::Error::InvalidCertificate(c)) = inner.or(s.downcast_ref()) {
            return Some(match c {
                CertificateError::NotValidForName
                | CertificateError::NotValidForNameContext { .. } => {
                    StoreError::TlsName(at.to_string())
                }
                _ => StoreError::TlsUntrusted(at.to_string()),
            });
        }
        if s.to_string().contains("server does not support TLS") {
            return Some(StoreError::NoTls(at.to_string()));
        }
        source = s.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sslmode_and_sslrootcert_are_taken_out_of_the_address() {
        let (url, tls) =
            split("postgresql://w01@srv/branchdb?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.crt&connect_timeout=5")
                .unwrap();
        assert_eq!(url, "postgresql://w01@srv/branchdb?connect_timeout=5");
        assert_eq!(tls.mode, Mode::VerifyFull);
        assert_eq!(tls.root_file(), Some(PathBuf::from("/etc/ca.crt")));
        let (url, tls) = split("postgresql://srv/branchdb?sslmode=disable").unwrap();
        assert_eq!(
            (url.as_str(), tls.mode),
            ("postgresql://srv/branchdb", Mode::Disable)
        );
        assert!(split("postgresql://srv/branchdb?sslmode=maybe").is_none());
    }

    #[test]
    fn a_unix_socket_is_never_encrypted() {
        let (_, tls) = split("postgresql://srv/db?sslmode=verify-full").unwrap();
        assert_eq!(tls.ssl_mode(true), SslMode::Disable);
        assert_eq!(tls.ssl_mode(false), SslMode::Require);
    }
}
