# `tessera sim --fst FILE` writes a non-empty FST waveform.
# -DTOOL=<tessera> -DFILE=<network file> -DWAVES=<fst file>
file(REMOVE "${WAVES}")
execute_process(COMMAND ${TOOL} sim ${FILE} --fst ${WAVES} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status STREQUAL 0)
  message(FATAL_ERROR "exit status ${status}\n${out}\n${err}")
endif()
if(NOT EXISTS "${WAVES}")
  message(FATAL_ERROR "no waveform written to ${WAVES}")
endif()
file(SIZE "${WAVES}" bytes)
file(READ "${WAVES}" header LIMIT 1 HEX)
# An FST file starts with its header block (block type 0).
if(bytes LESS 1024 OR NOT header STREQUAL "00")
  message(FATAL_ERROR "${WAVES}: ${bytes} bytes, first byte ${header}: not an FST waveform")
endif()
