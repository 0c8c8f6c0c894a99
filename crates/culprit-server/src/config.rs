//! How the server runs: address, token rule, workspace folder, upload limit.

use rand::RngCore;
use std::net::SocketAddr;
use std::path::PathBuf;

/// The command-line settings of `culprit serve`.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub bind: SocketAddr,
    /// A token given by the user (`--token`).
    pub token: Option<String>,
    /// Require the token even on a loopback address (tests, shared machines).
    pub require_token: bool,
    pub workspace: PathBuf,
    pub max_upload_bytes: u64,
    /// Monte Carlo draws of a scenario run.
    pub draws: usize,
}

impl ServeConfig {
    pub fn new(bind: SocketAddr, workspace: PathBuf) -> ServeConfig {
        ServeConfig { bind, token: None, require_token: false, workspace, max_upload_bytes: 200 * 1024 * 1024, draws: 10_000 }
    }
}

/// Who may talk to the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    /// Loopback address, no token: only this machine can connect. Host headers are checked so a
    /// web page elsewhere cannot reach the server through DNS rebinding.
    LocalOnly,
    /// Every request must carry this token.
    Token { token: String, generated: bool },
}

/// The access rule for a configuration: any non-loopback address requires a token (the given
/// one, else a random one that `culprit serve` prints); a loopback address requires one only
/// when asked (`--require-token`) or when one is given.
pub fn access_for(cfg: &ServeConfig) -> Result<Access, String> {
    if let Some(t) = &cfg.token {
        if t.len() < 16 || t.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err("--token must be at least 16 characters, without spaces".into());
        }
        return Ok(Access::Token { token: t.clone(), generated: false });
    }
    if cfg.require_token || !cfg.bind.ip().is_loopback() {
        return Ok(Access::Token { token: generate_token(), generated: true });
    }
    Ok(Access::LocalOnly)
}

/// 32 random bytes from the operating system's generator, hex-encoded.
pub fn generate_token() -> String {
    let mut b = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The default workspace: `$CULPRIT_CACHE/workspace`, else `~/.local/share/culprit/workspace`.
pub fn default_workspace() -> PathBuf {
    if let Some(c) = std::env::var_os("CULPRIT_CACHE").filter(|c| !c.is_empty()) {
        return PathBuf::from(c).join("workspace");
    }
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(std::env::temp_dir);
    home.join(".local/share/culprit/workspace")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(addr: &str) -> ServeConfig {
        ServeConfig::new(addr.parse().unwrap(), PathBuf::from("/tmp/x"))
    }

    #[test]
    fn loopback_needs_no_token() {
        assert_eq!(access_for(&cfg("127.0.0.1:8080")).unwrap(), Access::LocalOnly);
        assert_eq!(access_for(&cfg("[::1]:8080")).unwrap(), Access::LocalOnly);
    }

    #[test]
    fn any_other_address_gets_a_generated_token() {
        for a in ["0.0.0.0:8080", "192.168.1.20:80", "[::]:8080"] {
            match access_for(&cfg(a)).unwrap() {
                Access::Token { token, generated } => {
                    assert!(generated);
                    assert_eq!(token.len(), 64);
                }
                other => panic!("{a}: {other:?}"),
            }
        }
        // Two generated tokens differ.
        let (Access::Token { token: a, .. }, Access::Token { token: b, .. }) =
            (access_for(&cfg("0.0.0.0:1")).unwrap(), access_for(&cfg("0.0.0.0:1")).unwrap())
        else {
            panic!()
        };
        assert_ne!(a, b);
    }

    #[test]
    fn given_token_is_used_and_checked() {
        let mut c = cfg("0.0.0.0:8080");
        c.token = Some("a-long-enough-secret-token".into());
        assert_eq!(access_for(&c).unwrap(), Access::Token { token: "a-long-enough-secret-token".into(), generated: false });
        c.token = Some("short".into());
        assert!(access_for(&c).is_err());
        let mut l = cfg("127.0.0.1:8080");
        l.require_token = true;
        assert!(matches!(access_for(&l).unwrap(), Access::Token { generated: true, .. }));
    }
}
