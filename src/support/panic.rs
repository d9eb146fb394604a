//! Panics in code we call into, turned into errors.

use std::cell::Cell;

thread_local! {
    /// Set while [`catch_panic`] runs on this thread: the hook stays quiet.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, turning a panic inside it into `Err` with the panic's message, without printing
/// it: for code we call into that may panic on input we hand it (the template engine). A panic
/// elsewhere in the process is printed as usual.
///
/// The panic hook is swapped once for the whole process, for one that stays quiet on threads
/// inside `catch_panic`: swapping it around each call would race with other threads.
pub fn catch_panic<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was_quiet = QUIET.with(|quiet| quiet.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|quiet| quiet.set(was_quiet));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".into())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn panics_become_errors_and_the_process_goes_on() {
        let caught = super::catch_panic(|| -> u8 { panic!("the engine broke") });
        assert_eq!(caught, Err("the engine broke".to_string()));
        let formatted = super::catch_panic(|| -> u8 { panic!("{} broke", "it") });
        assert_eq!(formatted, Err("it broke".to_string()));
        assert_eq!(super::catch_panic(|| 7), Ok(7));
        // Nested: the inner call leaves the outer one quiet.
        let nested = super::catch_panic(|| {
            let _ = super::catch_panic(|| -> u8 { panic!("inner") });
            panic!("outer")
        });
        assert_eq!(nested, Err::<(), _>("outer".to_string()));
    }
}
