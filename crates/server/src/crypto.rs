//! Ids, tokens, secret hashing and the at-rest encryption of configuration secrets.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{password_hash, Algorithm, Argon2, Block, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use rand::distr::{Alphanumeric, SampleString};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::path::Path;

/// A 16-character alphanumeric id, as in the docs' samples.
pub fn new_id() -> String {
    Alphanumeric.sample_string(&mut rand::rng(), 16)
}

/// A random alphanumeric string of `len` characters (client secrets, access tokens).
pub fn random_string(len: usize) -> String {
    Alphanumeric.sample_string(&mut rand::rng(), len)
}

/// A stable 16-character alphanumeric id derived from a key (catalog connectors keep their ids
/// across fresh databases, so links and docs stay valid).
pub fn stable_id(key: &str) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let digest = Sha256::digest(key.as_bytes());
    digest.iter().take(16).map(|b| ALPHABET[(*b as usize) % ALPHABET.len()] as char).collect()
}

pub fn sha256_hex(data: &[u8]) -> String {
    Sha256::digest(data).iter().map(|b| format!("{b:02x}")).collect()
}

/// Tokens are stored as this hash, so a leaked database holds no usable token.
pub fn token_hash(token: &str) -> String {
    sha256_hex(token.as_bytes())
}

/// Argon2id PHC string of a client secret.
pub fn hash_secret(secret: &str) -> String {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    Argon2::default().hash_password(secret.as_bytes(), &salt).expect("argon2 hashing with default params").to_string()
}

pub fn verify_secret(secret: &str, phc: &str) -> bool {
    PasswordHash::new(phc).map(|h| Argon2::default().verify_password(secret.as_bytes(), &h).is_ok()).unwrap_or(false)
}

/// Like [`verify_secret`], but Argon2's working memory (about 19 MiB per verification) is the
/// caller's `blocks`, grown if needed and kept: reusing a few buffers keeps the process's memory
/// flat however many verifications run, where a fresh allocation each time left freed memory
/// cached by the allocator after a flood.
pub fn verify_secret_in(secret: &str, phc: &str, blocks: &mut Vec<Block>) -> bool {
    let Ok(hash) = PasswordHash::new(phc) else { return false };
    let (Some(salt), Some(expected)) = (hash.salt, hash.hash) else { return false };
    let (Ok(algorithm), Ok(params)) = (Algorithm::try_from(hash.algorithm), Params::try_from(&hash)) else { return false };
    let version = match hash.version.map(Version::try_from) {
        None => Version::default(),
        Some(Ok(v)) => v,
        Some(Err(_)) => return false,
    };
    let mut salt_buf = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_buf) else { return false };
    if blocks.len() < params.block_count() {
        blocks.resize(params.block_count(), Block::default());
    }
    let mut out = vec![0u8; expected.len()];
    let argon2 = Argon2::new(algorithm, version, params);
    if argon2.hash_password_into_with_memory(secret.as_bytes(), salt, &mut out, &mut blocks[..]).is_err() {
        return false;
    }
    // `Output`'s equality is constant-time.
    password_hash::Output::new(&out).is_ok_and(|o| o == expected)
}

/// Encrypts configuration secrets with a key kept in a file beside the database (0600).
#[derive(Clone)]
pub struct Cipher {
    aead: ChaCha20Poly1305,
}

impl Cipher {
    /// Loads the key file, creating it with a fresh random key on first run.
    pub fn open_or_create(path: &Path) -> std::io::Result<Cipher> {
        let key = match std::fs::read(path) {
            Ok(bytes) if bytes.len() == 32 => bytes,
            Ok(_) => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("key file {} is not a 32-byte key", path.display()),
                ))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut key = vec![0u8; 32];
                rand::rng().fill_bytes(&mut key);
                write_private(path, &key)?;
                key
            }
            Err(e) => return Err(e),
        };
        Ok(Cipher { aead: ChaCha20Poly1305::new(Key::from_slice(&key)) })
    }

    /// nonce (12 bytes) || ciphertext.
    pub fn seal(&self, plaintext: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        let mut out = nonce.to_vec();
        out.extend(self.aead.encrypt(Nonce::from_slice(&nonce), plaintext).expect("chacha20poly1305 encrypt"));
        out
    }

    pub fn open(&self, sealed: &[u8]) -> Option<Vec<u8>> {
        if sealed.len() < 12 {
            return None;
        }
        let (nonce, ct) = sealed.split_at(12);
        self.aead.decrypt(Nonce::from_slice(nonce), ct).ok()
    }
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_sixteen_alphanumerics() {
        let id = new_id();
        assert_eq!(id.len(), 16);
        assert!(id.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_eq!(stable_id("meta"), stable_id("meta"));
        assert_ne!(stable_id("meta"), stable_id("tiktok"));
        assert_eq!(stable_id("meta").len(), 16);
    }

    #[test]
    fn secret_hash_verifies_only_the_right_secret() {
        let h = hash_secret("s3cret");
        assert!(!h.contains("s3cret"));
        assert!(verify_secret("s3cret", &h));
        assert!(!verify_secret("s3cret!", &h));
        assert!(!verify_secret("s3cret", "garbage"));
    }

    #[test]
    fn pooled_verification_agrees_with_the_library_and_keeps_its_buffer() {
        let h = hash_secret("s3cret");
        let mut blocks = Vec::new();
        assert!(verify_secret_in("s3cret", &h, &mut blocks));
        let len = blocks.len();
        assert!(len > 0);
        assert!(!verify_secret_in("s3cret!", &h, &mut blocks));
        assert!(!verify_secret_in("s3cret", "garbage", &mut blocks));
        assert_eq!(blocks.len(), len, "the same buffer is reused");
    }

    #[test]
    fn sealed_secrets_round_trip_and_reject_tampering() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        let c = Cipher::open_or_create(&path).unwrap();
        let sealed = c.seal(b"hunter2");
        assert!(!sealed.windows(7).any(|w| w == b"hunter2"));
        let again = Cipher::open_or_create(&path).unwrap();
        assert_eq!(again.open(&sealed).unwrap(), b"hunter2");
        let mut bad = sealed.clone();
        *bad.last_mut().unwrap() ^= 1;
        assert!(again.open(&bad).is_none());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }
}
