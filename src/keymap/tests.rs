use super::*;

fn key(c: KeyCode, m: KeyModifiers) -> KeyEvent {
    KeyEvent::new(c, m)
}

#[test]
fn default_keys_map_to_actions() {
    let km = Keymap::default();
    let none = KeyModifiers::NONE;
    let act = |c| km.action(&key(c, none), Tab::Lobby, false);
    assert_eq!(act(KeyCode::Char('n')), Some(Action::NewWalkin));
    assert_eq!(act(KeyCode::Char('j')), Some(Action::Down));
    assert_eq!(act(KeyCode::Down), Some(Action::Down));
    assert_eq!(act(KeyCode::Char('G')), Some(Action::Bottom));
    assert_eq!(act(KeyCode::Char('1')), Some(Action::GoTab(0)));
    assert_eq!(act(KeyCode::Char('q')), Some(Action::Quit));
    assert_eq!(act(KeyCode::Char('Z')), None);
    assert_eq!(
        km.action(&key(KeyCode::Char('q'), none), Tab::Lobby, true),
        Some(Action::Form(Input::Char('q'))),
        "in a form, letters are typed"
    );
}

#[test]
fn overrides_rebind_and_bad_ones_are_refused() {
    let names = |id: &str, keys: &[&str]| {
        (
            id.to_string(),
            keys.iter().map(|k| k.to_string()).collect::<Vec<_>>(),
        )
    };
    let t = [names("lobby.new", &["N"]), names("quit", &["Q", "Ctrl-q"])];
    let km = Keymap::default().with_overrides(&t).unwrap();
    let none = KeyModifiers::NONE;
    assert_eq!(
        km.action(
            &key(KeyCode::Char('N'), KeyModifiers::SHIFT),
            Tab::Lobby,
            false
        ),
        Some(Action::NewWalkin)
    );
    assert_eq!(
        km.action(&key(KeyCode::Char('n'), none), Tab::Lobby, false),
        None
    );
    assert_eq!(
        km.action(
            &key(KeyCode::Char('q'), KeyModifiers::CONTROL),
            Tab::Lobby,
            false
        ),
        Some(Action::Quit)
    );
    let bad = Keymap::default().with_overrides(&[names("nope", &["x"])]);
    assert_eq!(bad.unwrap_err(), KeymapError::NoBinding("nope".into()));
    let bad = Keymap::default()
        .with_overrides(&[names("quit", &["Hyper-x"])])
        .unwrap_err();
    assert_eq!(
        bad.message(Lang::Zh),
        "keys.quit：无法识别的按键“Hyper-x”。"
    );
}

#[test]
fn a_binding_that_collides_or_leaves_quit_unbound_is_refused() {
    let names = |id: &str, keys: &[&str]| {
        (
            id.to_string(),
            keys.iter().map(|k| k.to_string()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        Keymap::default().check(&[]),
        Ok(()),
        "the defaults are clean"
    );
    let e = Keymap::default()
        .with_overrides(&[names("lobby.new", &["q"])])
        .unwrap_err();
    assert_eq!(
        e,
        KeymapError::Taken {
            id: "lobby.new".into(),
            key: "q".into(),
            other: "quit".into()
        }
    );
    assert_eq!(
        e.message(Lang::En),
        "keys.lobby.new: q is already the key of quit there."
    );
    let e = Keymap::default()
        .with_overrides(&[names("lobby.new", &["c"])])
        .unwrap_err();
    assert!(matches!(e, KeymapError::Taken { other, .. } if other == "lobby.call"));
    let e = Keymap::default()
        .with_overrides(&[names("line.accept", &["j"])])
        .unwrap_err();
    assert!(matches!(e, KeymapError::Taken { other, .. } if other == "list.down"));
    // The same key on two screens is fine.
    assert!(Keymap::default()
        .with_overrides(&[names("line.accept", &["n"])])
        .is_ok());
    let e = Keymap::default()
        .with_overrides(&[names("quit", &[])])
        .unwrap_err();
    assert_eq!(e, KeymapError::QuitUnbound);
    assert_eq!(
        e.message(Lang::En),
        "keys.quit: quit needs at least one key."
    );
    let e = Keymap::default()
        .with_overrides(&[names("quit", &["1"])])
        .unwrap_err();
    assert!(matches!(e, KeymapError::Fixed { .. }));
    let e = Keymap::default()
        .with_overrides(&[names("help", &["Ctrl-C"])])
        .unwrap_err();
    assert!(matches!(e, KeymapError::Taken { other, .. } if other == "quit"));
}

#[test]
fn key_labels_round_trip() {
    for s in [
        "n",
        "G",
        "Ctrl-p",
        "Enter",
        "Esc",
        "Tab",
        "Shift-Tab",
        "F2",
        "?",
    ] {
        assert_eq!(Key::parse(s).unwrap().label(), s);
    }
}
