# Writes OUT from IN with KMC_GIT_COMMIT set to the source tree's commit (with "-dirty" when
# tracked files differ from it), run at every build by the kmc_version target. configure_file
# leaves OUT untouched when its text would not change, so an unchanged commit rebuilds nothing.
# Usage: cmake -DSRC=... -DIN=... -DOUT=... -DPROJECT_VERSION=... -P version.cmake
set(KMC_GIT_COMMIT "unknown")
find_program(GIT git)
if(GIT AND EXISTS "${SRC}/.git")
  execute_process(COMMAND "${GIT}" -C "${SRC}" rev-parse --short=12 HEAD
                  OUTPUT_VARIABLE commit RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE
                  ERROR_QUIET)
  if(rc EQUAL 0 AND commit)
    set(KMC_GIT_COMMIT "${commit}")
    execute_process(COMMAND "${GIT}" -C "${SRC}" diff --quiet HEAD -- RESULT_VARIABLE dirty
                    ERROR_QUIET)
    if(NOT dirty EQUAL 0)
      string(APPEND KMC_GIT_COMMIT "-dirty")
    endif()
  endif()
endif()
configure_file("${IN}" "${OUT}" @ONLY)
