# Writes INPUT into OUTPUT as the body of pacificsoft::config::default_yaml().
file(READ ${INPUT} content)
file(WRITE ${OUTPUT} "// Generated from config/pacificsoft.yml; do not edit.\n"
  "#include \"config/config.h\"\n"
  "namespace pacificsoft::config {\n"
  "std::string_view default_yaml() {\n"
  "  static constexpr char kYaml[] = R\"pacificsoft_yaml(${content})pacificsoft_yaml\";\n"
  "  return kYaml;\n}\n}  // namespace pacificsoft::config\n")
