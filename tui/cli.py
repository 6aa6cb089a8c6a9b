def main() -> None:
    print("threadkeep")
