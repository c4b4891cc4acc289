# The operations page: web/ is built with npm (npm ci, then vite) into
# build/web/dist, and every file of it is embedded into strata_server as
# bytes (cmake/embed_web.cmake), so the binary serves the page by itself.
# Without npm (or with -DSTRATA_WEB=OFF) a one-page notice is embedded.
option(STRATA_WEB "Build the operations page with npm" ON)
find_program(NPM npm)
set(web_dist "${CMAKE_BINARY_DIR}/web/dist")
set(web_cc "${CMAKE_BINARY_DIR}/web_assets.cc")
file(GLOB_RECURSE web_srcs CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/web/src/*"
  "${CMAKE_SOURCE_DIR}/web/index.html")
if(STRATA_WEB AND NPM)
  add_custom_command(OUTPUT "${web_dist}/index.html"
    COMMAND "${NPM}" ci --no-audit --no-fund --silent
    COMMAND "${NPM}" run build --silent -- --outDir "${web_dist}" --emptyOutDir
    WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}/web"
    DEPENDS ${web_srcs} "${CMAKE_SOURCE_DIR}/web/package-lock.json"
      "${CMAKE_SOURCE_DIR}/web/vite.config.js"
    COMMENT "Building the operations page (npm ci, vite build)" VERBATIM)
  set(web_input "${web_dist}/index.html")
else()
  message(WARNING "npm not found or STRATA_WEB=OFF: the operations page is a notice only")
  set(web_dist "${CMAKE_SOURCE_DIR}/web/fallback")
  set(web_input "${web_dist}/index.html")
endif()
add_custom_command(OUTPUT "${web_cc}"
  COMMAND "${CMAKE_COMMAND}" -DDIST=${web_dist} -DOUT=${web_cc}
    -P "${CMAKE_SOURCE_DIR}/cmake/embed_web.cmake"
  DEPENDS "${web_input}" "${CMAKE_SOURCE_DIR}/cmake/embed_web.cmake"
  COMMENT "Embedding the operations page" VERBATIM)
target_sources(strata_server PRIVATE "${web_cc}")
