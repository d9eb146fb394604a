fn main() {
    let args: Vec<String> = std::env::args().collect();
    let options = attach_gen::BuildOptions {
        root: args[1].clone().into(),
        output: Some(args[2].clone().into()),
        base_url: None,
        drafts: false,
        today: None,
        force: true,
        changed_list: None,
    };
    match attach_gen::build(&options) {
        Ok(r) => println!("{} pages", r.pages),
        Err(_) => println!("failed"),
    }
}
